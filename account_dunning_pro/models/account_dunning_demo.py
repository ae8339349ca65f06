# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data only: the customer book of demo/account_dunning_demo.xml.

Called once from the demo XML at install; nothing here runs in production.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

_X = "account_dunning_pro."

# (customer, what was sold, amount, due date in days from today, options)
# options: paid=(amount or None for all, days from today), refund
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
    ("restaurant_vieux_port", "Vaisselle professionnelle", 2980.00, -70, {}),
    ("restaurant_vieux_port", "Nappes et serviettes", 460.00, -64, {}),
    ("traiteur_mercier", "Location de chambre froide", 1750.00, -22, {}),
    ("quincaillerie_dubois", "Outillage", 385.60, -8, {}),
    ("agence_chevalier", "Campagne d'affichage (contestée)", 5400.00, -40, {}),
    ("agence_chevalier", "Maquettes du catalogue", 1200.00, -10, {}),
    ("boucherie_garnier", "Maintenance de la chambre froide", 1650.00, -40, {}),
    ("boucherie_garnier", "Matériel de découpe", 1150.00, -35, {}),
    ("pressing_faure", "Location de machine de nettoyage à sec", 2200.00, -25, {}),
    # bad payers: a year of late payments, then today's debt
    ("btp_roux", "Location de banches", 6300.00, -160, {"paid": (None, -95)}),
    ("bar_le_central", "Fûts de bière, saison d'été", 980.00, -120, {"paid": (None, -60)}),
    ("vetements_morel", "Portants et mannequins", 1250.00, -100, {"paid": (None, -40)}),
    (
        "securite_gauthier",
        "Télésurveillance, trimestre précédent",
        1620.00,
        -95,
        {"paid": (None, -30)},
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
        {"paid": (5000.00, -20)},
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

# Reminders sent before today: (customer, level xmlid, days from today, channels)
_HISTORY = [
    ("librairie_rousseau", "account_dunning_level_standard_friendly", -17, ("email",)),
    ("transports_lefevre", "account_dunning_level_standard_friendly", -17, ("email",)),
    ("electricite_fournier", "account_dunning_level_standard_pre_due", -38, ("email",)),
    ("electricite_fournier", "account_dunning_level_standard_friendly", -32, ("email",)),
    ("electricite_fournier", "account_dunning_level_standard_firm", -20, ("email", "sms")),
    ("restaurant_vieux_port", "account_dunning_level_standard_friendly", -67, ("email",)),
    ("restaurant_vieux_port", "account_dunning_level_standard_firm", -55, ("email", "sms")),
    ("restaurant_vieux_port", "account_dunning_level_standard_letter", -40, ("letter", "call")),
    (
        "restaurant_vieux_port",
        "account_dunning_level_standard_formal_notice",
        -25,
        ("email", "letter"),
    ),
    ("nettoyage_perrin", "account_dunning_level_bad_payer_firm", -44, ("email", "sms")),
    ("nettoyage_perrin", "account_dunning_level_bad_payer_call", -37, ("letter", "call")),
    ("nettoyage_perrin", "account_dunning_level_bad_payer_formal_notice", -30, ("email", "letter")),
    ("distribution_renard", "account_dunning_level_key_account_courteous", -5, ("email",)),
]


class AccountDunningProcessor(models.AbstractModel):
    _inherit = "account.dunning.processor"

    @api.model
    def _create_demo_book(self):
        """Invoices at every stage of the chase, dated from today, for the demo customers."""
        company = self.env.company
        if not self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        ):
            _logger.info("Dunning demo book skipped: %s has no sales journal.", company.name)
            return
        today = fields.Date.context_today(self)
        partner = {key: self.env.ref(f"{_X}demo_partner_{key}") for key, *_rest in _INVOICES}
        if self.env["res.lang"].search([("code", "=", "fr_FR")]):
            self.env["res.partner"].concat(*partner.values()).lang = "fr_FR"

        moves = (
            self.env["account.move"]
            .with_company(company)
            .create(
                [
                    {
                        "move_type": "out_refund" if opts.get("refund") else "out_invoice",
                        "partner_id": partner[key].id,
                        "invoice_date": today + timedelta(days=due - 30),
                        "invoice_date_due": today + timedelta(days=due),
                        "invoice_line_ids": [
                            Command.create(
                                {"name": label, "quantity": 1, "price_unit": amount, "tax_ids": []}
                            )
                        ],
                    }
                    for key, label, amount, due, opts in _INVOICES
                ]
            )
        )
        moves.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        by_key = {}
        for move, (key, *_rest) in zip(moves, _INVOICES, strict=True):
            by_key.setdefault(key, self.env["account.move"])
            by_key[key] |= move

        # past reminders, written before the payments that came after them
        for key, level_xmlid, offset, channels in _HISTORY:
            self._create_demo_history(
                partner[key],
                self.env.ref(_X + level_xmlid),
                by_key[key],
                channels,
                today + timedelta(days=offset),
            )

        for move, (_key, _label, _amount, _due, opts) in zip(moves, _INVOICES, strict=True):
            if opts.get("paid"):
                amount, offset = opts["paid"]
                when = today + timedelta(days=offset)
                vals = {"payment_date": when, **({"amount": amount} if amount else {})}
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=move.ids
                ).create(vals)._create_payments()

        self._create_demo_arrangements(partner, by_key, today)

        # a promise to pay next week, taken over the phone
        promised = by_key["pressing_faure"]
        self.env["account.dunning.promise"].create(
            {
                "partner_id": partner["pressing_faure"].id,
                "move_ids": [Command.set(promised.ids)],
                "amount": sum(promised.mapped("amount_residual")),
                "date": today + timedelta(days=7),
                "note": "Mme Faure paiera par virement dès l'encaissement de sa recette mensuelle.",
            }
        )

    @api.model
    def _create_demo_arrangements(self, partner, by_key, today):
        """What tonight's run settles: a promise broken, a payment plan breached; and an
        invoice in dispute. Recorded in the past, as a person would have done it then."""
        disputed = by_key["agence_chevalier"].filtered(
            lambda m: "contestée" in m.invoice_line_ids[:1].name
        )
        self.env["account.dunning.dispute"].create(
            {
                "move_id": disputed.id,
                "reason_id": self.env.ref(_X + "account_dunning_dispute_reason_price").id,
                "note": "Le client conteste le nombre d'emplacements facturés (12 au lieu de 9).",
                "user_id": self.env.ref("base.user_admin").id,
                "deadline": today + timedelta(days=10),
            }
        )
        # promised eight days ago for four days ago: still unpaid after the grace period
        promised = by_key["discount_auto_blanc"]
        promise = self.env["account.dunning.promise"].create(
            {
                "partner_id": partner["discount_auto_blanc"].id,
                "move_ids": [Command.set(promised.ids)],
                "amount": sum(promised.mapped("amount_residual")),
                "date": today + timedelta(days=1),
                "note": "M. Blanc s'engage à régler par chèque en fin de semaine.",
            }
        )
        self._demo_backdate(promise, date=-4, recorded_date=-8)
        # a plan agreed three weeks ago whose first instalment was never paid
        plan = self.env["account.dunning.payment.plan"].create(
            {
                "partner_id": partner["traiteur_mercier"].id,
                "move_ids": [Command.set(by_key["traiteur_mercier"].ids)],
                "instalment_count": 3,
                "frequency": "monthly",
                "first_date": today - timedelta(days=8),
            }
        )
        plan.action_compute_instalments()
        plan.action_activate()
        self._demo_backdate(plan, date_activated=-21)
        self._demo_backdate(
            self.env["account.dunning.event"].search(
                [("partner_id", "=", plan.partner_id.id), ("event_type", "=", "plan")]
            ),
            date=-21,
        )
        # the active plan of the demo, made with the instalment helper
        plan = self.env["account.dunning.payment.plan"].create(
            {
                "partner_id": partner["boucherie_garnier"].id,
                "move_ids": [Command.set(by_key["boucherie_garnier"].ids)],
                "instalment_count": 3,
                "frequency": "monthly",
                "first_date": today + timedelta(days=5),
            }
        )
        plan.action_compute_instalments()
        plan.action_activate()

    @api.model
    def _demo_backdate(self, records, **values):
        """Demo only: date ``records`` in the past (``values``: field → days from
        today), as if they had been recorded then."""
        today = fields.Date.context_today(self)
        records.flush_recordset()
        for fname, value in values.items():
            when = today + timedelta(days=value)
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE id IN %s",
                    SQL.identifier(records._table),
                    SQL.identifier(fname),
                    when,
                    tuple(records.ids),
                )
            )
        records.invalidate_recordset(list(values))

    @api.model
    def _create_demo_history(self, partner, level, moves, channels, when):
        """``level`` sent on day ``when`` through ``channels``, as the nightly run writes it."""
        if level.is_pre_due:
            last_due = when - timedelta(days=level.delay)
            moves = moves.filtered(lambda m: when <= m.invoice_date_due <= last_due)
        else:
            moves = moves.filtered(lambda m: m.invoice_date_due < when)
        lines = moves.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        summary = self._prepare_summary(partner, level, lines, when)
        self.env["account.dunning.event"].sudo().create(
            [
                {
                    "date": when,
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "policy_id": level.policy_id.id,
                    "level_id": level.id,
                    "channel": channel,
                    "state": "done",
                    "move_ids": [Command.set(moves.ids)],
                    "amount_due": summary["amount_due"],
                    "amount_reminded": 0.0 if index else summary["amount_due"],
                    "summary": summary,
                }
                for index, channel in enumerate(channels)
            ]
        )
        self._advance(partner, level, moves, when)

    @api.model
    def _run_demo_chase(self):
        """The nightly run once, without committing: the demo opens on a live chase.

        ``_cron_run`` commits between batches, which must not happen inside a
        module install; this does the same work in the install's transaction.
        """
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("active", "=", True)], order="id"):
            # scores from the payment history, then what tonight's run settles first
            profiles = self.env["account.dunning.risk.profile"].with_company(company)
            profiles._rescore_batch(profiles._rescore_fetch(today), today)
            self.with_company(company)._settle_arrangements(today)
        for company, partner_ids in self._select_candidates(today).items():
            processor = self.with_company(company)
            processor._process_partners(processor.env["res.partner"].browse(partner_ids), today)
