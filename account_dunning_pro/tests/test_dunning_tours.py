# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The users' walks in a real browser (static/tests/tours/): a sales rep reads its
customers' chase history, a credit controller works its morning. A walk fails on
any error dialog.

The Python side decides, as the user who walks, what the user must find, and
hands it to the tour; then it checks what the walk did.
"""

import io
import json
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.fields import Command, Domain
from odoo.tests import HttpCase, TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools.pdf import PdfReader

from .common import DunningCommon

# Lines a one2many shows on a form before its pager.
X2MANY_PAGE = 40


class DunningWalk:
    """Start the walks with their data, and build that data as the walking user."""

    SALES_REP_TOUR = "account_dunning_pro_sales_rep_walk"
    CONTROLLER_TOUR = "account_dunning_pro_controller_morning"

    def _walk(self, tour, user, data, url="/odoo", timeout=120):
        """Run ``tour`` logged in as ``user`` (password = login), with ``data``."""
        options = {
            "stepDelay": 0,
            "keepWatchBrowser": False,
            "debug": False,
            "startUrl": url,
            "delayToCheckUndeterminisms": 0,
            "accountDunningPro": data,
        }
        self.start_tour(
            url,
            tour,
            login=user.login,
            timeout=timeout,
            code=f"odoo.startTour({json.dumps(tour)}, {json.dumps(options)})",
        )

    def _sales_rep_visits(self, rep, partners):
        """What ``rep`` must find on each of ``partners``' Dunning tab."""
        customers = []
        for partner in partners.with_user(rep):
            events = partner.dunning_event_ids[:X2MANY_PAGE]
            names = events.mapped("invoice_names")
            # a reminder line, which names its invoices; else the first line
            line = next((i for i, name in enumerate(names) if name), 0 if names else None)
            counts = {
                "action_open_dunning_events": partner.dunning_reminder_count,
                "action_dunning_open_plans": partner.dunning_plan_count,
                "action_dunning_open_disputes": partner.dunning_dispute_count,
            }
            customers.append(
                {
                    "id": partner.id,
                    "name": partner.display_name,
                    "rows": len(names),
                    "line": line,
                    "invoice_names": (names[line] or "") if line is not None else "",
                    "buttons": [button for button, count in counts.items() if count],
                    "next_action": bool(partner.dunning_next_action),
                    "explained": bool(partner.risk_score_explanation),
                    "promises": len(partner.dunning_promise_ids),
                    "plans": len(partner.dunning_plan_ids),
                    "disputes": len(partner.dunning_dispute_ids),
                    "plans_all": partner.dunning_plan_count,
                    "messages": len(events.filtered("message_url")),
                    "letters": len(events.filtered("letter_url")),
                }
            )
        return {"customers": customers}

    def _send_now_plan(self, controller, partners):
        """What the Send now wizard must preview and send for ``partners``."""
        Send = self.env["account.dunning.send"].with_user(controller)
        processor = self.env["account.dunning.processor"].with_user(controller)
        previews = processor._preview(partners.with_user(controller))
        self.assertTrue(all(p["channels"] for p in previews), "something is due for each")
        return {
            "names": partners.mapped("display_name"),
            "level": previews[0]["level"].name,
            "channels": [
                " ".join(Send._describe_channel(processor, *step).split())
                for preview in previews
                for step in preview["channels"]
            ],
            "sent": sum(len(preview["channels"]) for preview in previews),
        }

    def _validate_plan(self, controller):
        """The reminders ``controller`` finds to validate, and what sending them sends."""
        drafts = (
            self.env["account.dunning.event"]
            .with_user(controller)
            .search([("state", "=", "draft")])
        )
        self.assertTrue(drafts, "no reminder to validate")
        previews = (
            self.env["account.dunning.processor"].with_user(controller)._preview(drafts.partner_id)
        )
        return drafts, {
            "names": drafts.partner_id.mapped("display_name"),
            "sent": sum(len(preview["channels"]) for preview in previews),
        }

    def _letters_to_print(self, controller):
        letters = (
            self.env["account.dunning.event"]
            .with_user(controller)
            .search([("status", "=", "to_print")])
        )
        self.assertTrue(letters, "no letter to print")
        return letters

    def assertPrinted(self, letters, downloads):
        """The download is one PDF: the kept copies of ``letters``, page for page."""
        self.assertTrue(downloads, "nothing was printed")
        pdf = downloads[-1]
        self.assertTrue(pdf.startswith(b"%PDF"), "the download is a PDF")
        report = self.env.ref("account_dunning_pro.action_report_dunning_letter")
        pages = 0
        for letter in letters:
            copy = report.retrieve_attachment(letter)
            self.assertTrue(copy, f"{letter.display_name}: its copy is kept")
            pages += len(PdfReader(io.BytesIO(copy.raw)).pages)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), pages)

    @contextmanager
    def _downloads(self):
        """Each PDF laid out meanwhile, the last one downloaded: by wkhtmltopdf, as outside tests."""
        self.assertNotIn(
            self.env["ir.actions.report"].get_wkhtmltopdf_state(),
            ("install", "broken"),
            "printing letters needs wkhtmltopdf",
        )
        Report = self.registry["ir.actions.report"]
        pre_render, render = Report._pre_render_qweb_pdf, Report._render_qweb_pdf
        downloads = []

        def force_pdf(this, report_ref, res_ids=None, data=None):
            this = this.with_context(force_report_rendering=True)
            return pre_render(this, report_ref, res_ids=res_ids, data=data)

        def keep(this, report_ref, res_ids=None, data=None):
            content, report_type = render(this, report_ref, res_ids=res_ids, data=data)
            downloads.append(content)
            return content, report_type

        with (
            patch.object(Report, "_pre_render_qweb_pdf", force_pdf),
            patch.object(Report, "_render_qweb_pdf", keep),
        ):
            yield downloads


@tagged("post_install", "-at_install")
class TestDunningTours(DunningWalk, DunningCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        # logins of 8 characters or more: their password is the login
        cls.rep = new_test_user(
            cls.env,
            login="tour.salesrep",
            groups="base.group_user,sales_team.group_sale_salesman",
            **company,
        )
        cls.controller = new_test_user(
            cls.env,
            login="tour.controller",
            groups="account.group_account_invoice,account_dunning_pro.group_dunning_user",
            **company,
        )

        # the sales rep's customers, with the history of past nights
        bad = cls.env.ref("account_dunning_pro.account_dunning_risk_profile_bad")
        own = {"user_id": cls.rep.id}
        cls.several = cls._customer("Restaurant Vieux Port SARL", **own)
        cls.profiled = cls._customer("Nettoyage Perrin SARL", risk_profile_id=bad.id, **own)
        cls.planned = cls._customer("Boucherie Garnier SAS", **own)
        cls.promised = cls._customer("Pressing Faure EURL", **own)
        cls.plain = cls._customer("Fleuriste Bonnet EURL", **own)
        cls.rep_customers = cls.several | cls.profiled | cls.planned | cls.promised | cls.plain
        invoices = {
            cls.several: cls._invoice(cls.several, 2980, today - timedelta(days=32)),
            cls.profiled: cls._invoice(cls.profiled, 1980, today - timedelta(days=2)),
            cls.planned: cls._invoice(cls.planned, 1650, today - timedelta(days=10)),
            cls.promised: cls._invoice(cls.promised, 2200, today - timedelta(days=8)),
            cls.plain: cls._invoice(cls.plain, 520, today + timedelta(days=20)),
        }
        # friendly, firm (email + SMS), then letter + call for the first one
        for days_ago in (29, 17, 7, 5, 2, 1):
            cls._night(today - timedelta(days=days_ago))
            if days_ago == 7:
                cls.env["account.dunning.payment.plan"].create(
                    {
                        "partner_id": cls.planned.id,
                        "move_ids": [Command.set(invoices[cls.planned].ids)],
                        "line_ids": [
                            Command.create({"date": today + timedelta(days=5), "amount": 825}),
                            Command.create({"date": today + timedelta(days=35), "amount": 825}),
                        ],
                    }
                ).action_activate()
            if days_ago == 5:
                cls.env["account.dunning.promise"].create(
                    {
                        "partner_id": cls.promised.id,
                        "move_ids": [Command.set(invoices[cls.promised].ids)],
                        "amount": 2200,
                        "date": today + timedelta(days=7),
                    }
                )

        # the controller's morning: one to send by hand, one prepared, one letter
        cls.manual = cls._customer("Garage Petit SARL", dunning_mode="manual")
        cls.semi = cls._customer("Traiteur Mercier SAS", dunning_mode="semi_automatic")
        cls.lettered = cls._customer("Quincaillerie Dubois SARL")
        cls._invoice(cls.manual, 1289.90, today - timedelta(days=6))
        cls._invoice(cls.semi, 1750, today - timedelta(days=5))
        cls._invoice(cls.lettered, 385.60, today - timedelta(days=30))
        cls.lettered.write(
            {"dunning_level_id": cls.level[15].id, "dunning_last_date": today - timedelta(15)}
        )
        cls._night(today)

    @classmethod
    def _night(cls, on):
        """The nightly run on day ``on``, through its cron (the registry is in test mode)."""
        with freeze_time(on):
            cls.cron.method_direct_trigger()
        cls.env.invalidate_all()

    def test_the_data_of_the_walks(self):
        """The customers of the walks are in the situations the walks are about."""
        self.assertFalse(self.several.risk_profile_id)
        self.assertEqual(
            set(self.several.dunning_event_ids.mapped("channel")),
            {"email", "sms", "letter", "call"},
        )
        self.assertTrue(self.profiled.dunning_event_ids)
        self.assertEqual(self.env["account.dunning.followup"].browse(self.planned.id).pause, "plan")
        self.assertEqual(
            self.env["account.dunning.followup"].browse(self.promised.id).pause, "promise"
        )
        self.assertFalse(self.plain.dunning_event_ids)
        self.assertFalse(self.manual.dunning_event_ids, "manual: the night sent nothing")
        self.assertEqual(self.semi.dunning_event_ids.status, "to_validate")
        letter = self._events(self.lettered, channel="letter")
        self.assertEqual(letter.status, "to_print")
        self.assertTrue(letter.letter_attachment_id, "the night kept a copy of the letter")

    def test_the_sales_rep_reads_its_customers_chase_history(self):
        visits = self._sales_rep_visits(self.rep, self.rep_customers)
        self.assertEqual(
            [bool(visit["invoice_names"]) for visit in visits["customers"]],
            [True, True, True, True, False],
        )
        several, _profiled, planned, promised, plain = visits["customers"]
        self.assertEqual([several["messages"] > 0, several["letters"]], [True, 1])
        self.assertEqual([planned["plans"], planned["plans_all"]], [1, 1])
        self.assertEqual(promised["promises"], 1)
        self.assertIn("action_open_dunning_events", several["buttons"])
        self.assertEqual([plain["buttons"], plain["next_action"]], [[], True])
        self._walk(self.SALES_REP_TOUR, self.rep, visits, url="/odoo/customers")

    def test_the_sales_rep_who_may_edit_contacts_still_cannot_edit_the_chase(self):
        self.rep.group_ids += self.env.ref("base.group_partner_manager")
        visits = self._sales_rep_visits(self.rep, self.several | self.plain)
        self._walk(self.SALES_REP_TOUR, self.rep, visits, url="/odoo/customers")

    def test_the_credit_controller_morning(self):
        drafts, validate = self._validate_plan(self.controller)
        self.assertEqual(drafts.partner_id, self.semi)
        letters = self._letters_to_print(self.controller)
        self.assertEqual(len(letters), 2, "the letter of the night and one of a past night")
        # without their stored copies, as the demo's history: they are laid out when printed
        letters.letter_attachment_id.unlink()
        morning = {
            "send_now": self._send_now_plan(self.controller, self.manual),
            "validate": validate,
            "letters": {"count": len(letters)},
        }
        self.assertEqual(morning["send_now"]["channels"], ["Email"])

        with self._downloads() as downloads:
            self._walk(self.CONTROLLER_TOUR, self.controller, morning)

        self.assertRecordValues(
            self._events(self.manual),
            [{"state": "done", "channel": "email", "user_id": self.controller.id}],
        )
        self.assertFalse(drafts.exists(), "the prepared reminder was sent")
        self.assertEqual(self._events(self.semi).mapped("state"), ["done"])
        self.assertEqual(letters.mapped("status"), ["printed", "printed"])
        self.assertPrinted(letters, downloads)

    def test_letters_without_their_copy_are_laid_out_one_by_one(self):
        """A wkhtmltopdf without patched Qt lays out one document a call: Print letters
        lays out each letter that lacks its copy alone, keeps it, then joins the copies."""
        letters = self._letters_to_print(self.controller)
        letters.letter_attachment_id.unlink()
        with self._downloads() as layouts:
            action = letters.with_user(self.controller).action_print_letters()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(len(layouts), 2, "one layout a letter")
        report = self.env.ref("account_dunning_pro.action_report_dunning_letter")
        for letter in letters:
            self.assertTrue(report.retrieve_attachment(letter).raw.startswith(b"%PDF"))


@tagged("-standard", "adp_demo_walk", "post_install", "-at_install")
class TestDemoWalk(DunningWalk, HttpCase):
    """The walks on the demo database, as its demo users (demo/account_dunning_demo_users.xml).

    Run by setup/run_tests.sh on its demo database. Without the demo data each test fails.
    """

    def setUp(self):
        super().setUp()
        self.rep = self.env.ref("account_dunning_pro.demo_user_salesrep", raise_if_not_found=False)
        self.controller = self.env.ref(
            "account_dunning_pro.demo_user_controller", raise_if_not_found=False
        )
        self.assertTrue(self.rep and self.controller, "the demo users are missing")

    def test_the_sales_rep_reads_every_customer(self):
        invoices = self.env["account.move"].search(
            [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")]
        )
        customers = (
            invoices.partner_id.commercial_partner_id.with_user(self.rep)
            ._filtered_access("read")
            .sorted("name")
        )
        self.assertGreaterEqual(len(customers), 30, "the demo customers are missing")
        visits = self._sales_rep_visits(self.rep, customers.sudo())
        lines = [visit for visit in visits["customers"] if visit["line"] is not None]
        self.assertGreaterEqual(len(lines), 20, "the demo chase history is missing")
        self._walk(
            self.SALES_REP_TOUR,
            self.rep,
            visits,
            url="/odoo/customers",
            timeout=30 + 15 * len(customers),
        )

    def test_the_credit_controller_sends_now(self):
        followup = self.env["account.dunning.followup"].with_user(self.controller).search([])
        processor = self.env["account.dunning.processor"].with_user(self.controller)
        due = [
            preview["partner"]
            for preview in processor._preview(followup.partner_id)
            if preview["channels"]
        ]
        self.assertTrue(due, "no demo customer has a reminder due today")
        customer = due[0].sudo()
        plan = self._send_now_plan(self.controller, customer)
        # the controller already worked this customer on the past mornings of the demo
        done_by_hand = [
            ("partner_id", "=", customer.id),
            ("user_id", "=", self.controller.id),
            ("state", "=", "done"),
        ]
        before = self.env["account.dunning.event"].search(done_by_hand)
        self._walk(self.CONTROLLER_TOUR, self.controller, {"send_now": plan})
        sent = self.env["account.dunning.event"].search(done_by_hand) - before
        self.assertEqual(len(sent), plan["sent"])

    def test_the_credit_controller_validates_and_prints(self):
        drafts, validate = self._validate_plan(self.controller)
        letters = self._letters_to_print(self.controller)
        with self._downloads() as downloads:
            self._walk(
                self.CONTROLLER_TOUR,
                self.controller,
                {"validate": validate, "letters": {"count": len(letters)}},
                timeout=180,
            )
        self.assertFalse(drafts.exists(), "the prepared reminders were sent")
        self.assertEqual(set(letters.mapped("status")), {"printed"})
        self.assertPrinted(letters, downloads)
        self.assertFalse(
            self.env["account.dunning.event"].search(
                Domain("state", "=", "draft") | Domain("status", "=", "to_print")
            )
        )


@tagged("-standard", "adp_demo_walk", "post_install", "-at_install")
class TestDemoStories(TransactionCase):
    """Each situation of the demo got from the install's nightly runs what it calls for,
    and its history tells it. Run by setup/run_tests.sh on its demo database.

    The book is the demo company's: its customers are read in it."""

    def setUp(self):
        super().setUp()
        company = self.env.ref("account_dunning_pro.demo_company", raise_if_not_found=False)
        self.assertTrue(company, "the demo company is missing")
        self.env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))

    def _customer(self, key):
        partner = self.env.ref(f"account_dunning_pro.demo_partner_{key}", raise_if_not_found=False)
        self.assertTrue(partner, f"the demo customer {key} is missing")
        return partner

    def _history(self, partner, **filters):
        domain = [("partner_id", "=", partner.id)]
        domain += [(key, "=", value) for key, value in filters.items()]
        return self.env["account.dunning.event"].search(domain, order="date, id")

    def test_a_broken_promise_escalates_the_same_night(self):
        partner = self._customer("discount_auto_blanc")
        promise = self.env["account.dunning.promise"].search([("partner_id", "=", partner.id)])
        self.assertEqual(promise.state, "broken")
        self.assertTrue(self._history(partner, event_type="promise", reason_code="promise_broken"))
        sent = self._history(partner, event_type="reminder", state="done")
        self.assertTrue(sent, "the chase resumed at once")
        self.assertEqual(partner.dunning_level_id, sent[-1].level_id)

    def test_a_breached_plan_notifies_and_resumes_the_chase(self):
        partner = self._customer("traiteur_mercier")
        plan = self.env["account.dunning.payment.plan"].search([("partner_id", "=", partner.id)])
        self.assertEqual(plan.state, "breached")
        breach = self._history(partner, event_type="plan").filtered(lambda e: e.mail_message_id)
        self.assertEqual(len(breach), 1, "the customer was told")
        self.assertIn(plan.move_ids.name, breach.mail_message_id.body)
        # a semi-automatic customer: tonight's reminder waits for validation
        self.assertTrue(self._history(partner, event_type="reminder", state="draft"))

    def test_an_active_plan_pauses_the_chase(self):
        partner = self._customer("boucherie_garnier")
        plan = self.env["account.dunning.payment.plan"].search([("partner_id", "=", partner.id)])
        self.assertEqual(plan.state, "active")
        self.assertEqual(len(plan.line_ids), 3)
        self.assertFalse(self._history(partner, event_type="reminder"))

    def test_a_disputed_invoice_is_left_out_of_the_chase(self):
        partner = self._customer("agence_chevalier")
        dispute = self.env["account.dunning.dispute"].search([("partner_id", "=", partner.id)])
        self.assertEqual(dispute.state, "open")
        self.assertTrue(dispute.move_id.no_followup)
        sent = self._history(partner, event_type="reminder", state="done")
        self.assertTrue(sent, "the rest of its debt is chased")
        self.assertNotIn(dispute.move_id, sent.move_ids)

    def test_key_accounts_are_pinned_and_bad_payers_scored(self):
        key_account = self._customer("clinique_saint_joseph")
        self.assertEqual(key_account.risk_profile_id.code, "key_account")
        self.assertTrue(key_account.risk_profile_locked)
        self.assertEqual(
            key_account.dunning_policy_id,
            self.env.ref("account_dunning_pro.account_dunning_policy_key_account"),
        )
        for key in ("restaurant_vieux_port", "nettoyage_perrin", "btp_roux"):
            partner = self._customer(key)
            self.assertGreaterEqual(partner.risk_score, 50, key)
            self.assertEqual(partner.risk_profile_id.code, "bad", key)

    def test_a_customer_who_paid_everything_is_thanked_once(self):
        partner = self._customer("librairie_rousseau")
        self.assertFalse(partner.dunning_level_id)
        thanks = self._history(partner, event_type="thank_you")
        self.assertRecordValues(thanks, [{"state": "done", "channel": "email"}])
        self.assertEqual(len(self._history(partner, event_type="closing")), 1)

    def test_a_french_company_in_euros_whose_customers_have_a_responsible(self):
        company = self.env.company
        self.assertEqual(company, self.env.ref("account_dunning_pro.demo_company"))
        self.assertRecordValues(
            company,
            [
                {
                    "currency_id": self.env.ref("base.EUR").id,
                    "country_id": self.env.ref("base.fr").id,
                }
            ],
        )
        self.assertTrue(company.vat and company.company_registry and company.email and company.logo)
        for user in ("account_dunning_pro.demo_user_controller", "base.user_admin"):
            self.assertEqual(self.env.ref(user).company_id, company, user)
        customers = self.env["res.partner"].search(
            [
                (
                    "id",
                    "in",
                    self.env["account.move"]
                    .search([("company_id", "=", company.id)])
                    .commercial_partner_id.ids,
                )
            ]
        )
        self.assertGreaterEqual(len(customers), 30)
        self.assertEqual(set(customers.mapped("lang")), {"fr_FR"})
        self.assertTrue(all(customers.mapped("dunning_responsible_id")))

    def test_the_history_was_written_by_the_past_nights_and_shows_in_the_chatter(self):
        today = fields.Date.context_today(self.env.user)
        runs = self.env["account.dunning.run"].search([("company_id", "=", self.env.company.id)])
        self.assertGreaterEqual(len(runs), 60, "a nightly run every night since go-live")
        partner = self._customer("restaurant_vieux_port")
        sent = self._history(partner, event_type="reminder", state="done")
        self.assertLessEqual(sent[0].date, today - timedelta(days=60))
        self.assertEqual(
            sent[-1].level_id.activity_type_id,
            self.env.ref("account_dunning_pro.mail_activity_type_dunning_collection"),
            "70 days late: handed to collection",
        )
        messages = sent.mail_message_id
        self.assertTrue(messages, "the emails and SMS are in the chatter")
        self.assertLessEqual(messages, partner.message_ids)
        for event in sent.filtered("mail_message_id"):
            self.assertEqual(event.mail_message_id.date.date(), event.date, "sent that night")
        # the letters of the past nights were printed the morning after; tonight's wait
        letters = self.env["account.dunning.event"].search(
            [("company_id", "=", self.env.company.id), ("channel", "=", "letter")]
        )
        self.assertEqual(
            {letter.date == today for letter in letters.filtered(lambda e: not e.letter_printed)},
            {True},
        )

    def test_the_mornings_calls_are_in_the_history(self):
        """Each morning the night's call tasks were called and logged (the "Log a call"
        dialog) by the customer's responsible: no task is left from a past night."""
        today = fields.Date.context_today(self.env.user)
        calls = self.env["account.dunning.event"].search(
            [("company_id", "=", self.env.company.id), ("event_type", "=", "call")]
        )
        self.assertTrue(calls, "the calls of the past mornings are in the history")
        for call in calls:
            self.assertLess(call.date, today)
            self.assertEqual(call.user_id, call.partner_id.dunning_responsible_id, call.reason)
        tasks = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("account_dunning_pro.mail_activity_type_dunning_call").id,
                ),
            ]
        )
        self.assertEqual(set(tasks.mapped("date_deadline")), {today})
