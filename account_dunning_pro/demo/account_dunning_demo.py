# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo only: the book of Fournitures Provence SAS, lived day by day.

Called from the demo XML at install (demo/account_dunning_demo_company.xml,
demo/account_dunning_demo.xml); nothing here runs in production. The invoices,
payments, promises, plans and disputes happen on their days, and every night since
go-live runs what the crons run, with the clock set to that night: the risk
rescoring, then the nightly dunning run, batch by batch as the cron runs it (without
its commits: we are inside the install). The people's part is played on their days
too, through the buttons and dialogs a person uses: the mail queue delivers, and
each morning the credit controller prints the night's letters, validates the
prepared reminders and logs the calls of the call tasks (the "Log a call" dialog).
Nothing here writes the chase history, a level or a customer's dunning fields
itself: the chase history, the chatter, the tasks and the letters are what the
product wrote, on the day it wrote them.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import split_every

from ..models.account_dunning_processor import BATCH_SIZE
from ..models.account_dunning_risk_profile import RESCORE_BATCH_SIZE

_logger = logging.getLogger(__name__)

_X = "account_dunning_pro."

# The first night the nightly run ran, in days from today: the book goes live.
GO_LIVE = -75
# When things happen, in UTC: the crons' hours (data/ir_cron_data.xml), then the day.
RESCORE_AT = time(2, 0)
RUN_AT = time(3, 0)
QUEUE_AT = time(3, 10)
MORNING_AT = time(8, 30)
POST_AT = time(9, 30)
CALL_AT = time(11, 0)
PAY_AT = time(15, 0)

# (customer, what was sold, amount, due date in days from today, options); the
# invoice is dated and posted 30 days before its due date.
# options: paid=(amount or None for all, day paid), refund
_INVOICES = [
    # good payers
    (
        "boulangerie_martin",
        "Farine T65 et levure, livraisons de février",
        1860.00,
        -45,
        {"paid": (None, -47)},
    ),
    ("boulangerie_martin", "Farine T65 et fournitures", 2140.00, 20, {}),
    ("pharmacie_centre", "Matériel d'officine", 980.40, 2, {}),
    ("cabinet_durand", "Impression de plans A0", 3250.00, 1, {"paid": (1250.00, -3)}),
    ("librairie_rousseau", "Fournitures scolaires", 1420.00, -20, {"paid": (None, -2)}),
    ("fromagerie_lemoine", "Emballages isothermes", 645.00, -5, {}),
    ("garage_petit", "Pièces détachées", 1289.90, -6, {}),
    ("imprimerie_girard", "Papier couché 135 g, 40 rames", 1440.00, -9, {}),
    ("imprimerie_girard", "Avoir : 6 rames abîmées à la livraison", 240.00, -9, {"refund": True}),
    (
        "fleuriste_bonnet",
        "Compositions florales, salon de l'habitat",
        380.00,
        -30,
        {"paid": (None, -31)},
    ),
    ("fleuriste_bonnet", "Compositions florales, mariage Dupuis", 520.00, 25, {}),
    # standard payers
    ("transports_lefevre", "Transport de palettes Lille-Lyon", 4800.00, -20, {}),
    ("menuiserie_moreau", "Panneaux chêne massif", 6200.00, -18, {"paid": (2000.00, -10)}),
    ("electricite_fournier", "Câblage du tableau TGBT", 3675.00, -35, {}),
    ("electricite_fournier", "Luminaires LED", 890.00, -12, {}),
    ("plomberie_lambert", "Chauffe-eau 300 L", 2310.00, -50, {}),
    ("plomberie_lambert", "Robinetterie", 740.00, -47, {}),
    # paid late before: the rescoring soon sees them as bad payers
    ("plomberie_lambert", "Radiateurs en fonte", 1500.00, -190, {"paid": (None, -145)}),
    ("restaurant_vieux_port", "Verres et carafes", 1850.00, -200, {"paid": (None, -150)}),
    ("restaurant_vieux_port", "Vaisselle professionnelle", 2980.00, -70, {}),
    ("restaurant_vieux_port", "Nappes et serviettes", 460.00, -64, {}),
    ("traiteur_mercier", "Location de chambre froide", 1750.00, -22, {}),
    ("quincaillerie_dubois", "Outillage", 385.60, -8, {}),
    ("agence_chevalier", "Campagne d'affichage (contestée)", 5400.00, -40, {}),
    ("agence_chevalier", "Maquettes du catalogue", 1200.00, -10, {}),
    ("boucherie_garnier", "Maintenance de la chambre froide", 1650.00, -40, {}),
    ("boucherie_garnier", "Matériel de découpe", 1150.00, -35, {}),
    ("pressing_faure", "Location de machine de nettoyage à sec", 2200.00, -25, {}),
    # bad payers: months of late payments before go-live, then today's debt
    ("btp_roux", "Location de banches", 6300.00, -160, {"paid": (None, -95)}),
    ("bar_le_central", "Fûts de bière, saison d'été", 980.00, -150, {"paid": (None, -90)}),
    ("vetements_morel", "Portants et mannequins", 1250.00, -140, {"paid": (None, -80)}),
    (
        "securite_gauthier",
        "Télésurveillance, trimestre précédent",
        1620.00,
        -160,
        {"paid": (None, -95)},
    ),
    ("btp_roux", "Location d'échafaudages", 8450.00, -3, {}),
    ("discount_auto_blanc", "Pneus et jantes", 2790.00, -10, {}),
    ("bar_le_central", "Fûts de bière et sirops", 1340.00, -20, {}),
    ("nettoyage_perrin", "Produits d'entretien", 1980.00, -45, {}),
    ("vetements_morel", "Cintres et housses", 860.00, 4, {}),
    ("securite_gauthier", "Télésurveillance, trimestre", 1620.00, -3, {"paid": (600.00, -1)}),
    # key accounts
    ("groupe_bertrand", "Linge hôtelier, saison d'été", 12600.00, 5, {}),
    ("clinique_saint_joseph", "Consommables stériles", 7340.00, -12, {}),
    ("laboratoires_dumont", "Réactifs d'analyse", 9150.00, -30, {}),
    (
        "cooperative_fontaine",
        "Sacs d'engrais, livraison d'automne",
        15800.00,
        -42,
        {"paid": (5000.00, -15)},
    ),
    ("distribution_renard", "Étiquettes et rubans", 3420.00, -15, {}),
    (
        "chocolaterie_vincent",
        "Cacao et couverture, commande de Pâques",
        3600.00,
        -60,
        {"paid": (None, -62)},
    ),
    ("chocolaterie_vincent", "Cacao et couverture", 4100.00, 30, {}),
]

# The year before go-live, by risk profile: (due date in days from today, days late
# when paid, share of the customer's first invoice above). What the risk rescoring
# reads of each customer's payment habits.
_PAST_ORDERS = {
    "good": [(-300, -3, 0.9), (-210, 0, 1.1), (-120, -2, 0.8)],
    "standard": [(-300, 0, 1.0), (-210, 12, 0.8), (-120, 4, 1.2)],
    "bad": [(-330, 65, 0.7), (-250, 48, 1.1), (-170, 57, 0.9)],
    "key_account": [(-280, 6, 1.0), (-140, 2, 0.9)],
}

# What came of a call task's call: (outcome of the "Log a call" dialog, the
# controller's note).
_CALL_OUTCOMES = [
    ("no_answer", "Message laissé sur le répondeur, avec nos coordonnées."),
    ("reached", "Il a bien reçu nos relances et transmet le dossier à sa comptabilité."),
    ("reached", "Le règlement attend la signature du gérant, rappel convenu."),
]


class AccountDunningDemo(models.AbstractModel):
    """The demo book's generator: the company, then its last months, day by day."""

    _name = "account.dunning.demo"
    _description = "Dunning demo data"

    # ------------------------------------------------------------------
    # The company
    # ------------------------------------------------------------------

    @api.model
    def _setup_demo_french(self):
        """French installed, with the terms of every module (this one's included, as
        its reminders go out in French during the install)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("state", "in", ("installed", "to install", "to upgrade"))]
        )._update_translations(["fr_FR"])

    @api.model
    def _setup_demo_company(self, company_id):
        """The demo company's chart of accounts: the generic one (the French chart is
        another module, which cannot be installed in the middle of an install).
        ``_load`` is what ``try_loading`` calls; ``try_loading`` itself warns while
        the registry is still being loaded, which an install's demo data always is."""
        company = self.env["res.company"].browse(company_id)
        self.env["account.chart.template"]._load("generic_coa", company, install_demo=False)
        # the generic chart is American: the company keeps France and the euro (it has
        # no journal item yet, so its currency may still change)
        company.write(
            {
                "account_fiscal_country_id": self.env.ref("base.fr").id,
                "currency_id": self.env.ref("base.EUR").id,
            }
        )

    # ------------------------------------------------------------------
    # The book, day by day
    # ------------------------------------------------------------------

    @api.model
    def _create_demo_book(self):
        """Live the demo company's book from its oldest invoice to this morning."""
        company = self.env.ref(_X + "demo_company")
        demo = self.with_company(company)
        today = fields.Date.context_today(self)
        book = demo._demo_book()
        # what the queues hold before the book is not the book's to send
        queued = {
            model: self.env[model].sudo().search([], order="id desc", limit=1).id or 0
            for model in ("mail.mail", "sms.sms")
        }
        with self._demo_clock() as set_clock:
            for offset in range(min(min(book), GO_LIVE), 1):
                day = today + timedelta(days=offset)
                # without a clock the past nights cannot be replayed: this morning's only
                if offset >= GO_LIVE and (set_clock or offset == 0):
                    demo._demo_night(day, set_clock, queued)
                if set_clock and GO_LIVE <= offset < 0:
                    set_clock(day, MORNING_AT)
                    demo._demo_morning()
                for at, needs_clock, act in sorted(book.get(offset, []), key=lambda a: a[0]):
                    if set_clock:
                        set_clock(day, at)
                    elif needs_clock:
                        continue
                    act(day)

    @contextmanager
    def _demo_clock(self):
        """Yield ``set_clock(day, at)``, which sets the clock of the ORM, the mail and
        the activities to that moment (never past the real now); or None without
        freezegun, and the book is then only what can be written as of today."""
        try:
            from freezegun.api import freeze_time  # noqa: PLC0415 - not an addon dependency
        except ImportError:
            _logger.warning(
                "freezegun is not installed: the dunning demo runs this morning's run only, "
                "without the chase history of the past nights."
            )
            yield None
            return
        now = fields.Datetime.now()
        # the log keeps the real time
        with freeze_time(now, ignore=["logging"]) as frozen:

            def set_clock(day, at):
                frozen.move_to(min(datetime.combine(day, at), now))

            yield set_clock

    @api.model
    def _demo_book(self):
        """``{day offset: [(time, needs the clock, act(day))]}``: what happens each day."""
        customers = {key: self.env.ref(f"{_X}demo_partner_{key}") for key, *_rest in _INVOICES}
        today = fields.Date.context_today(self)
        # posted invoices by customer, by label (those of _INVOICES are unique) and by index
        moves = defaultdict(lambda: self.env["account.move"])
        book = defaultdict(list)

        def post(index, key, vals):
            def act(day):
                move = self.env["account.move"].create(
                    {**vals, "partner_id": customers[key].id, "invoice_date": day}
                )
                move.action_post()
                moves[key] |= move
                moves[index] = moves[move.invoice_line_ids.name] = move

            return act

        def pay(index, amount):
            return lambda day: self._demo_pay(moves[index], amount, day)

        for index, (key, label, amount, due, opts) in enumerate(self._demo_invoices(customers)):
            vals = {
                "move_type": "out_refund" if opts.get("refund") else "out_invoice",
                "invoice_date_due": today + timedelta(days=due),
                "invoice_line_ids": [
                    Command.create(
                        {"name": label, "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
            book[due - 30].append((POST_AT, False, post(index, key, vals)))
            if opts.get("paid"):
                paid_amount, paid_day = opts["paid"]
                book[paid_day].append((PAY_AT, False, pay(index, paid_amount)))
        for day, act in self._demo_stories(customers, moves):
            book[day].append((CALL_AT, True, act))
        return book

    @api.model
    def _demo_invoices(self, customers):
        """``_INVOICES``, and before them each customer's year of orders, paid as its
        risk profile pays."""
        first = {}
        for key, label, amount, _due, opts in _INVOICES:
            if not opts.get("refund"):
                first.setdefault(key, (label.split(",")[0], amount))
        past = []
        for key, (label, amount) in first.items():
            profile = customers[key].risk_profile_id.code
            for due, late, share in _PAST_ORDERS.get(profile, []):
                past.append(
                    (
                        key,
                        f"{label}, réassort",
                        round(amount * share, -1),
                        due,
                        {"paid": (None, due + late)},
                    )
                )
        return past + _INVOICES

    @api.model
    def _demo_pay(self, move, amount, day):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": day, **({"amount": amount} if amount else {})})._create_payments()

    # ------------------------------------------------------------------
    # The nights and the mornings
    # ------------------------------------------------------------------

    @api.model
    def _demo_night(self, day, set_clock, queued):
        """The night of ``day``, as the crons run it for ``self.env.company``, without
        their commits (we are inside the install): the risk rescoring
        (``_cron_rescore``), then the nightly run (``_cron_run``: the arrangements
        settled, the customers selected, then examined batch by batch); then the mail
        queue sends what it wrote."""
        company = self.env.company
        if set_clock:
            set_clock(day, RESCORE_AT)
        self.env.flush_all()
        profiles = self.env["account.dunning.risk.profile"]
        for rows in split_every(RESCORE_BATCH_SIZE, profiles._rescore_fetch(day)):
            profiles._rescore_batch(rows, day)
        if set_clock:
            set_clock(day, RUN_AT)
        processor = self.env["account.dunning.processor"]
        processor._settle_arrangements(day)
        partner_ids = processor._select_candidates(day).get(company, [])
        run = self.env["account.dunning.run"]._start(company, day)
        for batch_ids in split_every(BATCH_SIZE, partner_ids):
            processor._run_batch(run, batch_ids, day)
        run._finish()
        if set_clock:
            set_clock(day, QUEUE_AT)
        self._demo_deliver(queued)

    @api.model
    def _demo_customers(self):
        return self.env["res.partner"].search(
            [
                (
                    "id",
                    "in",
                    self.env["ir.model.data"]
                    .search(
                        [
                            ("module", "=", "account_dunning_pro"),
                            ("name", "=like", "demo_partner_%"),
                        ]
                    )
                    .mapped("res_id"),
                )
            ]
        )

    @api.model
    def _demo_deliver(self, queued):
        """The mail and SMS queues send what the book queued (``queued``: the last
        ids queued before it): delivered, as they were."""
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("id", ">", queued["mail.mail"]), ("state", "=", "outgoing")])
        )
        if mails:
            mails.write({"state": "sent"})
            mails._postprocess_sent_message(success_pids=mails.recipient_ids, success_emails=[])
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("id", ">", queued["sms.sms"]), ("state", "=", "outgoing")])
        )
        if sms:
            sms._update_sms_state_and_trackers("sent")
            sms.to_delete = True

    @api.model
    def _demo_morning(self):
        """The credit controller's morning: she prints the night's letters, sends the
        reminders the run prepared, and makes the calls of the night's call tasks (the
        key accounts' by their responsible), each logged with the "Log a call" dialog,
        which writes it in the chase history and marks the customer's call tasks done."""
        company = self.env.company
        controller = self.env.ref(_X + "demo_user_controller")
        Event = self.env["account.dunning.event"].with_user(controller).with_company(company)
        letters = Event.search([("status", "=", "to_print")])
        if letters:
            letters.action_print_letters()
        drafts = Event.search([("state", "=", "draft")])
        if drafts:
            drafts.action_validate()
        calls = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self._demo_customers().ids),
                ("activity_type_id", "=", self.env.ref(_X + "mail_activity_type_dunning_call").id),
            ]
        )
        # one call a customer: logging it marks all the customer's call tasks done
        for tasks in calls.grouped("res_id").values():
            task = tasks[0]
            outcome, note = _CALL_OUTCOMES[(task.res_id + task.date_deadline.toordinal()) % 3]
            Call = self.env["account.dunning.call"].with_user(task.user_id).with_company(company)
            Call.create({"partner_id": task.res_id, "outcome": outcome, "note": note}).action_log()

    # ------------------------------------------------------------------
    # The stories: what people did, on their days
    # ------------------------------------------------------------------

    @api.model
    def _demo_stories(self, customers, moves):
        """``[(day offset, act(day))]``: the promises, plans and disputes of the book,
        recorded by the credit controller on the day she agreed them."""
        company = self.env.company
        controller = self.env.ref(_X + "demo_user_controller")
        env = self.with_user(controller).with_company(company).env

        def unpaid(key):
            return moves[key].filtered(lambda m: m.move_type == "out_invoice" and m.amount_residual)

        def open_dispute(day):
            # contested as soon as received: the invoice never enters the chase
            env["account.dunning.dispute"].create(
                {
                    "move_id": moves["Campagne d'affichage (contestée)"].id,
                    "reason_id": self.env.ref(_X + "account_dunning_dispute_reason_price").id,
                    "note": "Le client conteste le nombre d'emplacements facturés "
                    "(12 au lieu de 9).",
                    "user_id": controller.id,
                }
            )

        def extend_dispute(day):
            # the deadline passed the night before: its owner got a task, and gives time
            dispute = env["account.dunning.dispute"].search(
                [("partner_id", "=", customers["agence_chevalier"].id)]
            )
            dispute.activity_ids.action_feedback(
                feedback="Le client attend le bon de commande signé par son propre client."
            )
            dispute.write({"deadline": day + timedelta(days=26)})

        def plan(key, first_in):
            # three monthly instalments, the first ``first_in`` days after the agreement
            def act(day):
                agreed = env["account.dunning.payment.plan"].create(
                    {
                        "partner_id": customers[key].id,
                        "move_ids": [Command.set(unpaid(key).ids)],
                        "instalment_count": 3,
                        "frequency": "monthly",
                        "first_date": day + timedelta(days=first_in),
                    }
                )
                agreed.action_compute_instalments()
                agreed.action_activate()

            return act

        def pay_instalment(day):
            plan = env["account.dunning.payment.plan"].search(
                [("partner_id", "=", customers["boucherie_garnier"].id)]
            )
            self._demo_pay(
                plan.move_ids.sorted("invoice_date_due")[:1], plan.line_ids[0].amount, day
            )

        def promise(key, until, note):
            def act(day):
                promised = unpaid(key)
                env["account.dunning.promise"].create(
                    {
                        "partner_id": customers[key].id,
                        "move_ids": [Command.set(promised.ids)],
                        "amount": sum(promised.mapped("amount_residual")),
                        "date": day + timedelta(days=until),
                        "note": note,
                    }
                )

            return act

        return [
            (-48, open_dispute),
            (-16, extend_dispute),
            # a difficult season: the butcher asks for a plan before anything is due
            (-45, plan("boucherie_garnier", 15)),
            (-31, pay_instalment),
            # late the day before: the first of its three instalments is not paid
            (-21, plan("traiteur_mercier", 17)),
            # the promise ends tonight: broken, the chase climbs at once
            (-8, promise("discount_auto_blanc", 4, "M. Blanc s'engage à régler par chèque.")),
            (
                -2,
                promise(
                    "pressing_faure",
                    7,
                    "Mme Faure paiera par virement dès l'encaissement de sa recette mensuelle.",
                ),
            ),
        ]
