# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a sales rep and a credit controller met on the demo database, walked again
through the same forms, buttons and actions, as those users."""

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningUserWalk(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="rep.own.docs",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )
        cls.controller = new_test_user(
            cls.env,
            login="credit.controller.walk",
            groups="account_dunning_pro.group_dunning_user",
            company_id=cls.company.id,
        )

    def _action_result(self, action):
        """The records an action returned by a button opens."""
        Event = self.env["account.dunning.event"]
        if action.get("res_id"):
            return Event.browse(action["res_id"])
        return Event.search(action["domain"])

    # ---- 1. sales reps open every customer --------------------------------------

    def test_sales_rep_opens_every_customer_and_reads_its_history(self):
        bad = self.env.ref("account_dunning_pro.account_dunning_risk_profile_bad")
        profiled = self._customer("Menuiserie Petit SARL", risk_profile_id=bad.id)
        planned = self._customer("Plomberie Roux SAS")
        promised = self._customer("Traiteur Blanc SARL")
        plain = self._customer("Fleuriste Rose EURL")
        invoices = {
            partner: self._invoice(partner, 500, day(0))
            for partner in (self.customer, profiled, planned, promised, plain)
        }
        plan = self.env["account.dunning.payment.plan"].create(
            {
                "partner_id": planned.id,
                "move_ids": [Command.set(invoices[planned].ids)],
                "line_ids": [Command.create({"date": day(20), "amount": 500})],
            }
        )
        plan.action_activate()
        with freeze_time(day(0)):  # a promise is never for a day in the past
            self.env["account.dunning.promise"].create(
                {
                    "partner_id": promised.id,
                    "move_ids": [Command.set(invoices[promised].ids)],
                    "amount": 500,
                    "date": day(12),
                }
            )
        self._run(day(3))
        self.assertTrue(self._events(profiled), "the bad payer was reminded")
        self.assertTrue(self._events(self.customer))

        for partner in (self.customer, profiled, planned, promised, plain):
            form = Form(partner.with_user(self.rep))
            self.assertEqual(form.dunning_policy_id, partner.dunning_policy_id)
            self.assertTrue(form._get_modifier("dunning_responsible_id", "readonly"))
            # the scenario link opens
            policy_form = Form(partner.dunning_policy_id.with_user(self.rep))
            self.assertEqual(policy_form.name, partner.dunning_policy_id.name)
            for event in partner.dunning_event_ids:
                event_form = Form(event.with_user(self.rep))
                self.assertEqual(event_form.invoice_names, invoices[partner].name)
                self.assertIn(invoices[partner].name, str(event_form.summary_html))
                self.assertIn(partner.name, event_form.display_name)

        self.assertEqual(
            Form(profiled.with_user(self.rep)).dunning_policy_id,
            self.env.ref("account_dunning_pro.account_dunning_policy_bad_payer"),
        )
        # ... and changes nothing
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep).write({"dunning_responsible_id": self.rep.id})
        with self.assertRaises(AccessError):
            plan.with_user(self.rep).write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            bad.with_user(self.rep).write({"name": "Gentle"})

    # ---- 2. the first reminder is the first one -----------------------------------

    def test_go_live_on_a_customer_50_days_late_starts_at_the_first_reminder(self):
        invoice = self._invoice(self.customer, 1750, day(0))
        self._run(day(50))
        first = self._events()
        self.assertEqual(first.level_id, self.level[3])
        body = first.mail_message_id.body
        self.assertNotIn("already reminded", body)
        self.assertNotIn("unanswered", body)
        self.assertEqual(
            self.customer.dunning_next_date, day(62), "the firm step keeps its 12 days"
        )
        self._run(day(62))
        firm = self._events(level_id=self.level[15].id, channel="email")
        self.assertIn("already reminded you of these", firm.mail_message_id.body)
        self.assertIn("04/21/2026", firm.mail_message_id.body, "the day of the friendly reminder")
        self.assertEqual(invoice.dunning_level_id, self.level[15])

    def test_a_scenario_may_jump_to_the_level_due_without_claiming_past_reminders(self):
        self.policy.allow_level_jump = True
        self._invoice(self.customer, 1750, day(0))
        self._run(day(50))
        notice = self._events(channel="email")
        self.assertEqual(notice.level_id, self.level[45])
        self.assertIn("formal notice", notice.mail_message_id.body)
        self.assertNotIn("unanswered", notice.mail_message_id.body)
        letter = self._events(channel="letter")
        self.assertFalse(letter.summary["previous_reminders"])

    # ---- 3. validate, send now --------------------------------------------------------

    def test_validating_a_prepared_reminder_from_its_form_opens_what_was_sent(self):
        self.policy.mode = "semi_automatic"
        self._invoice(self.customer, 900, day(0))
        self._run(day(3))
        draft = self._events().with_user(self.controller)
        self.assertEqual(Form(draft).status, "to_validate")
        with freeze_time(day(3)):
            action = draft.action_validate()
        sent = self._action_result(action)
        self.assertEqual(action["res_model"], "account.dunning.event")
        self.assertRecordValues(sent, [{"state": "done", "channel": "email", "status": "sent"}])
        self.assertFalse(draft.exists(), "the prepared reminder became the sent one")
        self.assertEqual(Form(sent.with_user(self.controller)).status, "sent")
        self.assertEqual(self._events(), sent)

    def test_send_now_previews_then_sends_and_clears_the_prepared_reminder(self):
        self.policy.mode = "semi_automatic"
        nomail = self._customer("Garage Dubois", email=False)
        self._invoice(self.customer, 900, day(0))
        self._invoice(nomail, 300, day(0))
        self._run(day(15))
        drafts = self._events() | self._events(nomail)
        self.assertEqual(drafts.mapped("state"), ["draft", "draft"])

        with freeze_time(day(15)):
            form = Form(
                self.env["account.dunning.send"]
                .with_user(self.controller)
                .with_context(default_partner_ids=(self.customer | nomail).ids)
            )
            preview = str(form.preview_html)
            self.assertIn("Friendly reminder", preview)
            self.assertIn("Email", preview)
            self.assertIn("SMS instead of Email", preview)
            self.assertIn("900.00", preview)
            wizard = form.save()
            action = wizard.action_send()
        sent = self._action_result(action)
        self.assertEqual(sent.partner_id, self.customer | nomail)
        self.assertFalse(drafts.exists(), "Send now consumed the night's prepared reminders")
        self.assertFalse(
            self.env["account.dunning.event"].search([("state", "=", "draft")]),
            "nothing left in the queue",
        )

    def test_send_now_with_nothing_due_is_a_notice_not_an_error(self):
        self._invoice(self.customer, 900, day(30))
        with freeze_time(day(3)):
            form = Form(
                self.env["account.dunning.send"]
                .with_user(self.controller)
                .with_context(default_partner_ids=self.customer.ids)
            )
            self.assertIn("Nothing is due today", str(form.preview_html))
            self.assertEqual(form.due_count, 0, "the Send now button hides")
            action = form.save().action_send()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(self.customer.name, action["params"]["message"])
        self.assertFalse(self._events())

    def test_validating_a_reminder_already_paid_cancels_it_with_its_reason(self):
        self.policy.mode = "semi_automatic"
        invoice = self._invoice(self.customer, 900, day(0))
        self._run(day(3))
        draft = self._events()
        self._pay(invoice, 900, day(4))
        with freeze_time(day(4)):
            action = draft.with_user(self.controller).action_validate()
        self.assertEqual(action["tag"], "display_notification")
        self.assertRecordValues(draft, [{"state": "cancelled", "status": "cancelled"}])
        self.assertIn("Nothing was due any more", draft.reason)

    # ---- 4. the history tells the truth ----------------------------------------------

    def test_history_counts_a_reminder_once_and_names_its_lines(self):
        self._invoice(self.customer, 1750, day(0))
        self._run(day(3))
        self._run(day(15))  # firm: email + SMS
        events = self._events()
        self.assertEqual(len(events), 3)
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.controller)
            ._for_xml_id("account_dunning_pro.account_dunning_event_action")
        )
        [[total]] = (
            self.env["account.dunning.event"]
            .with_user(self.controller)
            ._read_group([("partner_id", "=", self.customer.id)], [], ["amount_reminded:sum"])
        )
        self.assertEqual(total, 3500.0, "two reminders of 1,750")
        self.assertEqual(action["res_model"], "account.dunning.event")
        firm = self._events(level_id=self.level[15].id)
        self.assertEqual(sorted(firm.mapped("amount_reminded")), [0.0, 1750.0])
        self.assertEqual(firm.mapped("amount_due"), [1750.0, 1750.0])
        email = firm.filtered(lambda e: e.channel == "email")
        self.assertEqual(
            email.display_name, "Boulangerie Martin SARL: Firm reminder by Email, 03/17/2026"
        )

    def test_promise_has_a_real_name(self):
        invoice = self._invoice(self.customer, 600, day(0))
        with (
            freeze_time(day(0)),
            Form(self.env["account.dunning.promise"].with_user(self.controller)) as promise,
        ):
            promise.partner_id = self.customer
            promise.move_ids.add(invoice)
            promise.amount = 600
            promise.date = day(10)
        name = promise.record.display_name
        self.assertTrue(name.startswith("Boulangerie Martin SARL: "), name)
        self.assertIn("600.00", name)
        self.assertTrue(name.endswith(" promised for 03/12/2026"), name)

    def test_letter_is_to_print_then_printed(self):
        self.level[3].write({"send_email": False, "send_letter": True})
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        letter = self._events(channel="letter").with_user(self.controller)
        self.assertEqual(Form(letter).status, "to_print")
        letters_action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_event_action_letters"
        )
        list_view = letters_action["views"][0][0]
        arch = (
            self.env["account.dunning.event"]
            .with_user(self.controller)
            .get_views([(list_view, "list")])["views"]["list"]["arch"]
        )
        self.assertIn("action_print_letters", arch)
        self.assertNotIn("action_validate", arch, "no Send button among sent letters")
        letter.action_print_letters()
        self.assertEqual(letter.status, "printed")
        history_arch = (
            self.env["account.dunning.event"]
            .with_user(self.controller)
            .get_views([(False, "list")])["views"]["list"]["arch"]
        )
        self.assertNotIn("action_validate", history_arch)

    # ---- 7. configuration screens ------------------------------------------------------

    def test_scenario_shows_what_run_now_does_and_what_the_last_run_did(self):
        manager = new_test_user(
            self.env, login="dunning.boss", groups="account_dunning_pro.group_dunning_manager"
        )
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        form = Form(self.policy.with_user(manager))
        run = form.last_run_id
        self.assertEqual(run.date, day(3))
        self.assertEqual(run.state, "done")
        self.assertIn("1 customers examined", form.last_run_summary)
        self.assertIn("1 sent", form.last_run_summary)
        arch = self.policy.with_user(manager).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Run all scenarios now", arch)
        events = self.env["account.dunning.event"].search(
            self.policy.with_user(manager).action_open_last_run_events()["domain"]
        )
        self.assertEqual(events, self._events())

    def test_level_form_speaks_in_days_and_hides_the_formal_notice_options(self):
        manager = new_test_user(
            self.env, login="dunning.boss2", groups="account_dunning_pro.group_dunning_manager"
        )
        form = Form(self.level[3].with_user(manager))
        arch = self.env["account.dunning.level"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertNotIn('name="sequence"', arch)
        self.assertIn("days after the due date", arch)
        self.assertTrue(form._get_modifier("add_indemnity", "invisible"))
        form.formal_notice = True
        self.assertFalse(form._get_modifier("add_indemnity", "invisible"))
        pre_due = Form(self.level[-3].with_user(manager))
        self.assertTrue(pre_due._get_modifier("formal_notice", "invisible"))

    def test_risk_profile_code_cannot_be_edited(self):
        manager = new_test_user(
            self.env, login="dunning.boss3", groups="account_dunning_pro.group_dunning_manager"
        )
        bad = self.env.ref("account_dunning_pro.account_dunning_risk_profile_bad").with_user(
            manager
        )
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            bad.code = "good"
        bad.name = "Mauvais payeur"  # the rest stays editable
        arch = bad.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('readonly="id"', arch)
