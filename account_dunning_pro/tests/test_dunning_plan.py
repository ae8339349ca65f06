# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import shutil
from datetime import date

import lxml.html
from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged

from ..models.ir_qweb import INLINE_CSS
from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningPlan(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env, login="plan.controller", groups="account_dunning_pro.group_dunning_user"
        )
        cls.Plan = cls.env["account.dunning.payment.plan"].with_user(cls.controller)

    # ---- helpers -----------------------------------------------------------------

    def _make_plan(self, partner, invoices, count, first_date, frequency="monthly", on=None):
        """A plan made on the form by the credit controller, its instalments computed."""
        with freeze_time(on or first_date):
            form = Form(self.Plan.with_context(default_partner_id=partner.id))
            for invoice in invoices:
                form.move_ids.add(invoice)
            form.instalment_count = count
            form.frequency = frequency
            form.first_date = first_date
            plan = form.save()
            plan.action_compute_instalments()
        return plan

    def _activate(self, plan, on):
        with freeze_time(on):
            plan.action_activate()

    def _pay_as_controller(self, invoice, amount, on):
        with freeze_time(on):
            self.env["account.payment.register"].with_user(self.controller).with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"amount": amount, "payment_date": on})._create_payments()
        self.env.invalidate_all()

    def _lines(self, plan, on):
        """The instalments as the form shows them on day ``on``."""
        self.env.invalidate_all()
        with freeze_time(on):
            return [
                (line.date, line.amount, line.amount_paid, line.amount_left, line.state)
                for line in plan.line_ids
            ]

    @staticmethod
    def _plain(html):
        return " ".join(lxml.html.fromstring(html).text_content().split())

    # ---- a plan kept to the end --------------------------------------------------

    def test_plan_computed_paid_in_part_then_done(self):
        bakery = self.customer
        first = self._invoice(bakery, 600, day(0))
        second = self._invoice(bakery, 400, day(0))
        plan = self._make_plan(bakery, first | second, 3, day(30), on=day(20))
        self.assertEqual(plan.amount_total, 1000.0)
        self.assertEqual(plan.currency_id, self.company.currency_id)
        self.assertEqual(
            self._lines(plan, day(20)),
            [
                (day(30), 333.33, 0.0, 333.33, "due"),  # 1 April
                (day(60), 333.33, 0.0, 333.33, "due"),  # 1 May
                (day(91), 333.34, 0.0, 333.34, "due"),  # 1 June: the last takes the cent
            ],
        )
        self._activate(plan, day(20))
        self.assertRecordValues(plan, [{"state": "active", "date_activated": day(20)}])
        agreed = self._events(bakery, event_type="plan")
        self.assertEqual(len(agreed), 1)
        self.assertIn("agreed", agreed.reason)
        self.assertEqual(agreed.move_ids, first | second)
        self.assertEqual(agreed.amount_due, 1000.0)
        self.assertIn(first.name, agreed.invoice_names, "the history names the invoices")

        # while it is kept, its invoices are not chased
        self._run(day(25))
        self.assertFalse(self._events(bakery, event_type="reminder"))

        self._pay_as_controller(first, 400, day(28))
        self.assertRecordValues(plan, [{"amount_paid": 400.0, "amount_left": 600.0}])
        self.assertEqual(
            self._lines(plan, day(28)),
            [
                (day(30), 333.33, 333.33, 0.0, "paid"),
                (day(60), 333.33, 66.67, 266.66, "partial"),
                (day(91), 333.34, 0.0, 333.34, "due"),
            ],
        )
        # the first instalment is paid: past its date and the grace, the plan goes on
        self._run(day(35))
        self.assertEqual(plan.state, "active")
        self.assertFalse(self._events(bakery, event_type="reminder"))

        self._pay_as_controller(first, 200, day(58))
        self._pay_as_controller(second, 400, day(58))
        self.assertEqual([line[4] for line in self._lines(plan, day(58))], ["paid"] * 3)
        self._run(day(59))
        self.assertRecordValues(plan, [{"state": "done", "date_closed": day(59)}])
        events = self._events(bakery, event_type="plan")
        self.assertEqual(len(events), 2)
        self.assertIn("completed", events[-1].reason)
        self.assertFalse(self._mails(bakery), "nothing was sent to a customer who kept its plan")
        self._run(day(60))
        self.assertEqual(len(self._events(bakery, event_type="plan")), 2, "done once")

    # ---- a plan breached -----------------------------------------------------------

    def test_breached_plan_notifies_and_the_chase_resumes_at_its_level(self):
        bakery = self.customer
        invoice = self._invoice(bakery, 1000, day(0))
        other = self._invoice(bakery, 250, day(20))  # not in the plan
        self._run(day(3))
        self._run(day(15))
        self.assertEqual(bakery.dunning_level_id, self.level[15])
        self.assertEqual(invoice.dunning_level_id, self.level[15])
        reminders_before = self._events(bakery, event_type="reminder")

        plan = self._make_plan(bakery, invoice, 2, day(27), on=day(20))
        self._activate(plan, day(20))
        self.assertEqual([line.amount for line in plan.line_ids], [500.0, 500.0])
        self._pay_as_controller(invoice, 200, day(26))

        self._run(day(30))  # 27 + 3 days of grace: still kept
        self.assertEqual(plan.state, "active")
        self.assertEqual(
            self._events(bakery, event_type="reminder"),
            reminders_before,
            "its invoice is not chased, and the other one is not late enough",
        )

        mails_before = self._mails(bakery)
        self._run(day(31))
        self.assertRecordValues(
            plan,
            [
                {
                    "state": "breached",
                    "date_closed": day(31),
                    "breach_line_id": plan.line_ids[0].id,
                    "amount_paid": 200.0,
                    "amount_left": 800.0,
                }
            ],
        )
        breach = self._events(bakery, event_type="plan")[-1]
        self.assertRecordValues(
            breach, [{"state": "done", "channel": "email", "date": day(31), "amount_due": 800.0}]
        )
        reason = " ".join(breach.reason.split())
        self.assertIn("breached", reason)
        self.assertIn("the instalment of $ 500.00 due on 03/29/2026 is unpaid", reason)
        self.assertIn("($ 300.00 left on it)", reason, "what is left on the missed instalment")

        # the notice, queued to the customer
        notice = self._mails(bakery) - mails_before
        notice = notice.filtered(lambda m: m.mail_message_id == breach.mail_message_id)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.state, "outgoing")
        self.assertIn("payment plan has ended", notice.subject)
        text = self._plain(notice.body_html)
        for expected in (
            "The instalment of $ 500.00 due on 03/29/2026",
            "$ 300.00 of it is still unpaid",
            "remaining balance of $ 800.00 is now due in full",
            invoice.name,
        ):
            self.assertIn(expected, text)
        self.assertNotIn(other.name, text, "only the invoices of the plan")

        # the same night, the chase resumes where it stood: the next level, not the first
        resumed = self._events(bakery, event_type="reminder") - reminders_before
        self.assertTrue(resumed)
        self.assertEqual(set(resumed.level_id.ids), {self.level[30].id})
        self.assertIn(invoice, resumed.move_ids)
        self.assertEqual(bakery.dunning_level_id, self.level[30])

        self._run(day(32))
        self.assertEqual(len(self._events(bakery, event_type="plan")), 2, "breached once")

    def test_breach_without_email_is_recorded(self):
        partner = self._customer("Garage Sans Mail", email=False)
        invoice = self._invoice(partner, 300, day(0))
        plan = self._make_plan(partner, invoice, 1, day(10), on=day(5))
        self._activate(plan, day(5))
        self._run(day(14))
        self.assertEqual(plan.state, "breached")
        breach = self._events(partner, event_type="plan")[-1]
        self.assertFalse(breach.channel)
        self.assertIn("No notice sent", breach.reason)

    def test_cancelled_plan_resumes_the_chase(self):
        invoice = self._invoice(self.customer, 500, day(0))
        plan = self._make_plan(self.customer, invoice, 2, day(10), on=day(1))
        self._activate(plan, day(1))
        self._run(day(3))
        self.assertFalse(self._events(event_type="reminder"))
        with freeze_time(day(4)):
            plan.action_cancel()
        self.assertRecordValues(plan, [{"state": "cancelled", "date_closed": day(4)}])
        self.assertIn("cancelled", self._events(event_type="plan")[-1].reason)
        self._run(day(4))
        self.assertEqual(self._events(event_type="reminder").move_ids, invoice)
        with self.assertRaisesRegex(UserError, "Only a draft or active"):
            plan.action_cancel()

    def test_weekly_monthly_and_quarterly_plans_from_a_month_end(self):
        invoice = self._invoice(self.customer, 100, day(0))
        jan31 = date(2026, 1, 31)
        schedules = {
            frequency: self._make_plan(
                self.customer, invoice, 3, jan31, frequency, on=jan31
            ).line_ids.mapped("date")
            for frequency in ("weekly", "monthly", "quarterly")
        }
        self.assertEqual(
            schedules,
            {
                "weekly": [jan31, date(2026, 2, 7), date(2026, 2, 14)],
                "monthly": [jan31, date(2026, 2, 28), date(2026, 3, 31)],
                "quarterly": [jan31, date(2026, 4, 30), date(2026, 7, 31)],
            },
        )

    # ---- bad input -----------------------------------------------------------------

    def test_lines_must_sum_to_the_total(self):
        invoice = self._invoice(self.customer, 600, day(0))
        plan = self._make_plan(self.customer, invoice, 2, day(10), on=day(1))
        plan.line_ids[0].amount = 250.0  # the draft is a working document
        with self.assertRaisesRegex(
            ValidationError, r"instalments total \$\s550\.00 .* \$\s600\.00"
        ):
            self._activate(plan, day(1))
        self.assertEqual(plan.state, "draft")
        plan.action_compute_instalments()
        self._activate(plan, day(1))
        with self.assertRaises(ValidationError):
            plan.line_ids[-1].amount = 100.0
        with self.assertRaises(ValidationError):
            plan.write({"line_ids": [Command.create({"date": day(40), "amount": 10.0})]})
        self.assertEqual(plan.line_ids.mapped("amount"), [300.0, 300.0])

    def test_activate_needs_invoices_and_instalments(self):
        plan = self.Plan.create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(UserError, "Choose the invoices"):
            plan.action_compute_instalments()
        with self.assertRaisesRegex(UserError, "Choose the invoices"):
            plan.action_activate()
        plan.move_ids = self._invoice(self.customer, 100, day(0))
        with self.assertRaisesRegex(UserError, "Compute the instalments"):
            plan.action_activate()
        with self.assertRaisesRegex(UserError, "Compute the instalments before printing"):
            plan.action_print_agreement()
        self.assertEqual(plan.state, "draft")

    def test_paid_invoices_are_refused(self):
        paid = self._invoice(self.customer, 300, day(0))
        plan = self._make_plan(self.customer, paid, 2, day(10), on=day(1))
        self._pay_as_controller(paid, 300, day(2))
        with self.assertRaisesRegex(UserError, f"{paid.name} already paid"):
            plan.action_compute_instalments()
        with self.assertRaisesRegex(UserError, "already paid"):
            self._activate(plan, day(2))

    def test_partly_paid_since_computed_must_be_computed_again(self):
        invoice = self._invoice(self.customer, 300, day(0))
        plan = self._make_plan(self.customer, invoice, 3, day(10), on=day(1))
        self._pay_as_controller(invoice, 30, day(2))
        with self.assertRaisesRegex(ValidationError, "instalments total"):
            self._activate(plan, day(2))
        plan.action_compute_instalments()
        self.assertEqual(plan.line_ids.mapped("amount"), [90.0, 90.0, 90.0])
        self._activate(plan, day(2))
        self.assertEqual(plan.amount_total, 270.0)

    def test_bad_schedules_are_refused(self):
        invoice = self._invoice(self.customer, 0.02, day(0))
        with self.assertRaisesRegex(UserError, "cannot be split into 3 instalments"):
            self._make_plan(self.customer, invoice, 3, day(10), on=day(1))
        with self.assertRaisesRegex(ValidationError, "at least one instalment"):
            self._make_plan(self.customer, invoice, 0, day(10), on=day(1))

    def test_invoices_of_another_customer_or_another_plan_are_refused(self):
        stranger = self._customer("Menuiserie Girard")
        theirs = self._invoice(stranger, 100, day(0))
        with self.assertRaisesRegex(ValidationError, "not invoices of"):
            self.Plan.create(
                {"partner_id": self.customer.id, "move_ids": [Command.set(theirs.ids)]}
            )
        invoice = self._invoice(self.customer, 100, day(0))
        plan = self._make_plan(self.customer, invoice, 1, day(10), on=day(1))
        self._activate(plan, day(1))
        twice = self._make_plan(self.customer, invoice, 1, day(10), on=day(1))
        with self.assertRaisesRegex(UserError, "already in the active payment plan"):
            self._activate(twice, day(1))
        with self.assertRaisesRegex(UserError, "only change while it is a draft"):
            plan.move_ids = invoice | self._invoice(self.customer, 50, day(0))
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            plan.unlink()
        twice.unlink()

    # ---- from the customer's form ------------------------------------------------

    def test_open_a_payment_plan_from_the_customer(self):
        partner = self.customer.with_user(self.controller)
        arch = etree.fromstring(partner.get_views([(False, "form")])["views"]["form"]["arch"])
        [button] = arch.xpath("//page[@name='dunning']//button[@string='Open a payment plan']")
        action = self.env.ref("account_dunning_pro.account_dunning_payment_plan_action_new")
        self.assertEqual(button.get("name"), str(action.id))
        self.assertIn("default_partner_id", button.get("context"))
        form = Form(self.Plan.with_context(default_partner_id=self.customer.id))
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.state, "draft")

    # ---- the agreement letter ----------------------------------------------------

    def test_agreement_pdf_lists_invoices_schedule_and_total(self):
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        first = self._invoice(self.customer, 600, day(0))
        second = self._invoice(self.customer, 400, day(0))
        plan = self._make_plan(self.customer, first | second, 3, day(30), on=day(20))
        with self._real_pdfs():
            action = plan.action_print_agreement()
            self.assertEqual(
                action["report_name"], "account_dunning_pro.report_dunning_plan_agreement"
            )
            Report = (
                self.env["ir.actions.report"]
                .with_user(self.controller)
                .with_context(**action["context"])
            )
            self.assertTrue(Report.env.context.get(INLINE_CSS))
            pdf, _type = Report._render_qweb_pdf(action["report_name"], plan.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = " ".join(self._pdftotext(pdf).decode().split())
        for expected in (
            "Payment plan agreement",
            "Boulangerie Martin SARL",
            first.name,
            second.name,
            "$ 333.33",
            "$ 333.34",
            "$ 1,000.00",
            "04/01/2026",
            "06/01/2026",
            "3 days after its date",
            "“Read and approved”",
        ):
            self.assertIn(expected, text)

    def test_agreement_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        invoice = self._invoice(self.customer, 1000, day(0))
        plan = self._make_plan(self.customer, invoice, 3, day(30), on=day(20))
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.controller)
            ._render_qweb_html("account_dunning_pro.report_dunning_plan_agreement", plan.ids)
        )
        text = self._plain(html)
        # the document is laid out in French whoever prints it: French numbers and dates
        self.assertIn("333,34", text)
        self.assertIn("01/04/2026", text)

    # ---- nightly, set-based ------------------------------------------------------

    def test_settle_query_count_is_constant(self):
        def make(count):
            for index in range(count):
                partner = self._customer(f"Client{index} {count}")
                invoice = self._invoice(partner, 300, day(0))
                plan = self._make_plan(partner, invoice, 3, day(10), on=day(1))
                self._activate(plan, day(1))

        def settle_queries(on):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.env["account.dunning.payment.plan"]._cron_settle(on)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        make(5)
        settle_queries(day(11))  # caches of the first call
        with_5 = settle_queries(day(11))
        make(15)
        with_20 = settle_queries(day(11))
        self.assertEqual(with_5, with_20)
        self.assertEqual(
            self.env["account.dunning.payment.plan"].search_count([("state", "=", "active")]), 20
        )
