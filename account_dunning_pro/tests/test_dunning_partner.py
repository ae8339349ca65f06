# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's form for the people who read it: the Dunning tab (history,
arrangements, risk score and how it is made, next action) and its smart buttons,
for a credit controller and, read-only, for a sales rep."""

from lxml import etree

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import format_amount, format_date

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningPartner(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="partner.controller",
            name="Claire Recouvrement",
            groups="account_dunning_pro.group_dunning_user",
        )
        # the sales rep of the customers (tests/common.py): sales_team only
        cls.rep = cls.salesman
        cls.risk_cron = cls.env.ref("account_dunning_pro.ir_cron_dunning_risk")
        cls.bad = cls.env.ref("account_dunning_pro.account_dunning_risk_profile_bad")
        cls.reason_price = cls.env.ref("account_dunning_pro.account_dunning_dispute_reason_price")

    def _rescore(self, on):
        """The risk rescoring, through its real cron, on day ``on``."""
        with freeze_time(on), self.enter_registry_test_mode():
            self.risk_cron.method_direct_trigger()
        self.env.invalidate_all()

    def _late_payer(self, partner):
        """1,000 paid 60 days late, and 500 due on ``day(0)``, still open."""
        old = self._invoice(partner, 1000, day(-100))
        self._pay(old, 1000, day(-40))
        return self._invoice(partner, 500, day(0))

    def _plan(self, partner, invoice, on):
        with freeze_time(on):
            plan = self.env["account.dunning.payment.plan"].create(
                {
                    "partner_id": partner.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "line_ids": [
                        Command.create({"date": day(10), "amount": invoice.amount_residual / 2}),
                        Command.create({"date": day(40), "amount": invoice.amount_residual / 2}),
                    ],
                }
            )
            plan.action_activate()
        return plan

    def _promise(self, partner, invoice, on, promised_for):
        with freeze_time(on):
            return self.env["account.dunning.promise"].create(
                {
                    "partner_id": partner.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "amount": invoice.amount_residual,
                    "date": promised_for,
                }
            )

    def _dispute(self, invoice, on):
        with freeze_time(on):
            return self.env["account.dunning.dispute"].create(
                {"move_id": invoice.id, "reason_id": self.reason_price.id, "deadline": day(90)}
            )

    def _tab(self, user):
        """The Dunning page of the customer form as ``user`` gets it."""
        arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])
        tree = etree.fromstring(arch["views"]["form"]["arch"])
        pages = tree.xpath("//page[@name='dunning']")
        self.assertEqual(len(pages), 1, "the Dunning tab is there")
        return tree, pages[0]

    # ---- how the risk score is made ----------------------------------------------

    def test_the_score_is_explained_after_the_nightly_rescoring(self):
        open_invoice = self._late_payer(self.customer)
        self._rescore(day(1))
        self.assertEqual(self.customer.risk_score, 71.9)
        form = Form(self.customer.with_user(self.controller))
        self.assertEqual(form.risk_score, 71.9)
        explanation = str(form.risk_score_explanation)
        # 1,000 paid 60 days late and 500 one day late so far: 40.3 days on average
        for expected in (
            "Average days late, weighted by amount",
            "40.3 days",
            "40 × 40.3/60",
            "26.9",
            "Invoices paid late",
            "1 of 1",  # the invoice paid; the open one weighs in the days late only
            "20 × 1/1",
            "Overdue share of the open balance",
            "25 × 100 %",
            "Promises broken and payment plans breached",
            "15 × 0/2",
            "26.9 + 20 + 25 + 0",
            "71.9",
        ):
            self.assertIn(expected, explanation)
        self.assertIn("500.00", explanation, "the overdue and open amounts are shown")

        # paid two days late: the next night explains the new score
        self._pay(open_invoice, 500, day(2))
        self._rescore(day(3))
        # 40 x 40.7/60 (61,000 / 1,500) + 20 (both late) + 25 x 0 (nothing overdue)
        self.assertEqual(self.customer.risk_score, 47.1)
        explanation = str(Form(self.customer.with_user(self.controller)).risk_score_explanation)
        for expected in ("40 × 40.7/60", "2 of 2", "25 × 0 %", "27.1 + 20 + 0 + 0", "47.1"):
            self.assertIn(expected, explanation)

    def test_the_explanation_is_per_company(self):
        self._late_payer(self.customer)
        other = self.setup_other_company(name="Filiale Lyon")["company"]
        self._rescore(day(1))
        self.assertTrue(self.customer.risk_score_explanation)
        self.assertFalse(
            self.customer.with_company(other).risk_score_explanation,
            "never scored in the other company",
        )

    def test_a_customer_never_scored_or_with_broken_details_has_no_explanation(self):
        self.assertFalse(self.customer.risk_score_explanation)
        self.customer.sudo().risk_score_details = "not json"
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.risk_score_explanation)

    # ---- the next action ------------------------------------------------------

    def test_next_action_after_a_reminder(self):
        self._invoice(self.customer, 1200, day(0))
        self._run(day(3))
        with freeze_time(day(4)):
            form = Form(self.customer.with_user(self.controller))
            self.assertEqual(
                form.dunning_next_action,
                "Next reminder: Firm reminder on 03/17/2026.",
            )

    def test_next_action_before_the_due_date(self):
        self._invoice(self.customer, 1200, day(20))
        with freeze_time(day(0)):
            self.assertEqual(
                self.customer.with_user(self.controller).dunning_next_action,
                "Next reminder: Courteous pre-due reminder on 03/19/2026.",
            )

    def test_next_action_of_a_paid_customer(self):
        with freeze_time(day(0)):
            self.assertEqual(
                self.customer.with_user(self.controller).dunning_next_action,
                "Nothing overdue: no reminder is planned.",
            )

    def test_next_action_waiting_for_validation(self):
        self.customer.dunning_mode = "semi_automatic"
        self._invoice(self.customer, 1200, day(0))
        self._run(day(3))
        with freeze_time(day(4)):
            self.assertEqual(
                self.customer.with_user(self.controller).dunning_next_action,
                "Waiting for validation: Friendly reminder, prepared on 03/05/2026.",
            )

    def test_next_action_due_today_in_manual_mode(self):
        self.customer.dunning_mode = "manual"
        self._invoice(self.customer, 1200, day(0))
        with freeze_time(day(3)):
            self.assertEqual(
                self.customer.with_user(self.controller).dunning_next_action,
                "Next reminder: Friendly reminder, due today. "
                "It is sent only by hand (manual mode).",
            )

    def test_next_action_paused_by_a_plan_a_promise_and_a_dispute(self):
        planned = self._invoice(self.customer, 1200, day(0))
        promised = self._invoice(self.customer, 300, day(0))
        disputed = self._invoice(self.customer, 150, day(0))
        plan = self._plan(self.customer, planned, day(2))
        promise = self._promise(self.customer, promised, day(2), day(10))
        self._dispute(disputed, day(2))
        with freeze_time(day(4)):
            note = self.customer.with_user(self.controller).dunning_next_action
        # nothing else is overdue: no reminder is announced
        self.assertEqual(
            note.splitlines(),
            [
                f"Paused by the payment plan {plan.name}: its invoices are not chased while "
                "the instalments are paid.",
                f"Promised to pay {format_amount(self.env, 300, self.company.currency_id)} "
                "by 03/12/2026: its invoices are not chased until "
                f"{format_date(self.env, promise.deadline)}.",
                f"Invoice {disputed.name} is disputed: it is not chased until the dispute "
                "is settled.",
            ],
        )
        # one more invoice overdue: its chase goes on
        self._invoice(self.customer, 90, day(0))
        with freeze_time(day(4)):
            self.customer.invalidate_recordset()
            note = self.customer.with_user(self.controller).dunning_next_action
        self.assertEqual(note.splitlines()[-1], "Next reminder: Friendly reminder, due today.")

    # ---- the smart buttons --------------------------------------------------------

    def test_a_reminder_by_letter_and_call_counts_once_and_shows_its_amount(self):
        self._invoice(self.customer, 1200, day(0))
        self.customer.write({"dunning_level_id": self.level[15].id, "dunning_last_date": day(15)})
        self._run(day(30))
        events = self._events()
        self.assertEqual(events.mapped("channel"), ["letter", "call"])
        customer = self.customer.with_user(self.controller)
        with freeze_time(day(30)):
            self.assertEqual(Form(customer).dunning_reminder_count, 1)
        # each line of the history says what that reminder claimed
        self.assertEqual(events.mapped("amount_due"), [1200.0, 1200.0])
        self.assertEqual(sum(events.mapped("amount_reminded")), 1200.0)

    def test_smart_buttons_count_and_open_the_customers_records(self):
        overdue = self._invoice(self.customer, 1200, day(0))
        self._invoice(self.customer, 800, day(30))  # not due yet
        self._run(day(3))
        disputed = self._invoice(self.customer, 150, day(0))
        plan = self._plan(self.customer, overdue, day(4))
        dispute = self._dispute(disputed, day(4))
        customer = self.customer.with_user(self.controller)
        with freeze_time(day(5)):
            form = Form(customer)
            self.assertEqual(form.dunning_overdue_amount, 1350.0)
            self.assertEqual(form.dunning_reminder_count, 1)
            self.assertEqual(form.dunning_plan_count, 1)
            self.assertEqual(form.dunning_dispute_count, 1)

            action = customer.action_dunning_open_overdue()
        invoices = self.env["account.move"].search(action["domain"])
        self.assertEqual(invoices, overdue | disputed)
        self.assertEqual(action["res_model"], "account.move")

        history = customer.action_open_dunning_events()
        self.assertEqual(
            self.env["account.dunning.event"].search(history["domain"]),
            self.customer.dunning_event_ids,
        )
        plans = customer.action_dunning_open_plans()
        self.assertEqual(self.env[plans["res_model"]].search(plans["domain"]), plan)
        self.assertIn("form", [view_type for _id, view_type in plans["views"]])
        disputes = customer.action_dunning_open_disputes()
        self.assertEqual(self.env[disputes["res_model"]].search(disputes["domain"]), dispute)

    def test_smart_buttons_are_set_based(self):
        customers = self.env["res.partner"]
        for index in range(10):
            partner = self._customer(f"Client{index} SARL")
            invoice = self._invoice(partner, 100 + index, day(0))
            disputed = self._invoice(partner, 50, day(0))
            self._plan(partner, invoice, day(2))
            self._dispute(disputed, day(2))
            self.env["account.dunning.event"].create(
                {
                    "partner_id": partner.id,
                    "date": day(1),
                    "channel": "email",
                    "state": "done",
                    "move_ids": [Command.set(invoice.ids)],
                }
            )
            customers |= partner
        fields_ = [
            "dunning_overdue_amount",
            "dunning_reminder_count",
            "dunning_plan_count",
            "dunning_dispute_count",
        ]

        def queries(partners):
            self.env.invalidate_all()
            partners = partners.with_user(self.controller)
            before = self.env.cr.sql_log_count
            partners.read(fields_)
            return self.env.cr.sql_log_count - before

        with freeze_time(day(5)):
            queries(customers)  # warm the caches of the user and its rules
            one, ten = queries(customers[:1]), queries(customers)
            self.assertEqual(one, ten, "as many queries for 10 customers as for 1")
            self.assertLessEqual(ten, 8)
            values = customers.with_user(self.controller).read(fields_)
        self.assertEqual(
            [row["dunning_overdue_amount"] for row in values],
            [150.0 + index for index in range(10)],
        )
        for row in values:
            self.assertEqual([row["dunning_reminder_count"], row["dunning_plan_count"]], [1, 1])
            self.assertEqual(row["dunning_dispute_count"], 1)

    def test_smart_buttons_count_in_the_current_company_only(self):
        self._invoice(self.customer, 1200, day(0))
        self._run(day(3))
        other = self.setup_other_company(name="Filiale Lyon")["company"]
        self.controller.company_ids += other
        customer = self.customer.with_user(self.controller)
        with freeze_time(day(5)):
            self.assertEqual(customer.dunning_reminder_count, 1)
            elsewhere = customer.with_company(other)
            self.assertEqual(elsewhere.dunning_reminder_count, 0)
            self.assertEqual(elsewhere.dunning_overdue_amount, 0.0)
            self.assertFalse(elsewhere.dunning_event_ids)

    # ---- the sales rep ---------------------------------------------------------------

    def test_sales_rep_reads_the_tab_of_a_customer_with_everything(self):
        planned = self._invoice(self.customer, 1200, day(0))
        promised = self._invoice(self.customer, 300, day(0))
        disputed = self._invoice(self.customer, 150, day(0))
        self._invoice(self.customer, 2000, day(-70))
        self._run(day(3))
        self._rescore(day(4))
        self.customer.risk_profile_id = self.bad
        plan = self._plan(self.customer, planned, day(4))
        promise = self._promise(self.customer, promised, day(4), day(12))
        dispute = self._dispute(disputed, day(4))

        with freeze_time(day(5)):
            form = Form(self.customer.with_user(self.rep))
            self.assertTrue(form.dunning_event_ids._records, "the history shows")
            self.assertEqual(len(form.dunning_plan_ids._records), 1)
            self.assertEqual(len(form.dunning_promise_ids._records), 1)
            self.assertEqual(len(form.dunning_dispute_ids._records), 1)
            self.assertEqual(form.risk_profile_id, self.bad)
            self.assertIn("Risk score (out of 100)", str(form.risk_score_explanation))
            self.assertIn(plan.name, form.dunning_next_action)
            self.assertEqual(form.dunning_overdue_amount, 3650.0)
            self.assertEqual([form.dunning_plan_count, form.dunning_dispute_count], [1, 1])

        tree, page = self._tab(self.rep)
        self.assertFalse(page.xpath(".//button"), "no button on the tab for a sales rep")
        for node in page.xpath(".//field[not(ancestor::field)]"):
            name = node.get("name")
            self.assertTrue(form._get_modifier(name, "readonly"), f"the sales rep may edit {name}")
        # the buttons a sales rep gets: none it cannot follow
        box = {button.get("name") for button in tree.xpath("//div[@name='button_box']/button")}
        self.assertNotIn("action_dunning_open_overdue", box, "it reads no invoice")
        self.assertTrue({"action_open_dunning_events", "action_dunning_open_plans"} <= box)
        rep = self.customer.with_user(self.rep)
        for action in (
            rep.action_open_dunning_events(),
            rep.action_dunning_open_plans(),
            rep.action_dunning_open_disputes(),
        ):
            records = self.env[action["res_model"]].with_user(self.rep).search(action["domain"])
            self.assertTrue(records)
            for view_type in ("list", "form"):
                if view_type in dict((t, v) for v, t in action["views"]):
                    views = records.get_views([(False, view_type)])
                    arch = etree.fromstring(views["views"][view_type]["arch"])
                    spec = {
                        node.get("name"): {}
                        for node in arch.xpath("//field[count(ancestor::field) = 0]")
                    }
                    records.web_read(spec)  # no access error
            self.assertFalse(action["context"].get("default_partner_id"))
        self.assertEqual(
            [view_type for _id, view_type in rep.action_dunning_open_plans()["views"]],
            ["list"],
            "a plan's form lists invoices a sales rep does not read",
        )
        # whoever reads no invoice is told so
        employee = new_test_user(self.env, login="partner.employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.customer.with_user(employee).action_dunning_open_overdue()
        self.assertEqual(promise.state, "open")
        self.assertEqual(dispute.state, "open")

    def test_sales_rep_downloads_a_letter_and_opens_a_message_of_the_history(self):
        invoice = self._invoice(self.customer, 900, day(0))
        for on in (3, 15, 30):
            self._run(day(on))
        events = self.customer.with_user(self.rep).dunning_event_ids
        letter = events.filtered(lambda e: e.channel == "letter")
        email = events.filtered(lambda e: e.channel == "email")[:1]
        self.assertTrue(letter and email)
        self.assertEqual(
            letter.letter_url, f"/web/content/{letter.letter_attachment_id.id}?download=true"
        )
        self.assertEqual(email.message_url, f"/mail/message/{email.mail_message_id.id}")
        self.assertFalse(email.letter_url)
        # what the links open, the sales rep may read
        attachment = letter.letter_attachment_id
        self.assertTrue(attachment.sudo().raw)
        self.assertEqual(attachment.with_user(self.rep).raw, attachment.sudo().raw)
        self.assertIn(invoice.name, email.mail_message_id.with_user(self.rep).body)

    def test_the_controller_keeps_its_buttons(self):
        tree, page = self._tab(self.controller)
        names = {button.get("name") for button in page.xpath(".//button")}
        self.assertTrue({"action_dunning_send_now", "action_dunning_record_promise"} <= names)
        box = {button.get("name") for button in tree.xpath("//div[@name='button_box']/button")}
        self.assertTrue(
            {
                "action_dunning_open_overdue",
                "action_open_dunning_events",
                "action_dunning_open_plans",
                "action_dunning_open_disputes",
            }
            <= box
        )
