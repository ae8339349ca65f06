# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningChannels(DunningCommon):
    def _channels(self, events):
        return [(e.channel, e.state) for e in events]

    # ---- modes -------------------------------------------------------------

    def test_semi_automatic_prepares_and_waits(self):
        self.policy.mode = "semi_automatic"
        invoice = self._invoice(self.customer, 900, day(0))
        self._run(day(3))
        self._run(day(4))
        draft = self._events()
        self.assertRecordValues(draft, [{"state": "draft", "level_id": self.level[3].id}])
        self.assertEqual(draft.move_ids, invoice)
        self.assertFalse(self._messages(), "nothing is sent before a person validates")
        self.assertFalse(self.customer.dunning_level_id)

        controller = new_test_user(
            self.env, login="credit.controller", groups="account_dunning_pro.group_dunning_user"
        )
        with freeze_time(day(4)):
            draft.with_user(controller).action_validate()
        events = self._events()
        self.assertEqual(self._channels(events), [("email", "done")])
        self.assertEqual(events.mail_message_id.author_id, controller.partner_id)
        self.assertEqual(self.customer.dunning_level_id, self.level[3])
        self.assertEqual(len(self._mails()), 1)

    def test_manual_mode_waits_for_send_now(self):
        self.customer.dunning_mode = "manual"
        self._invoice(self.customer, 900, day(0))
        self._run(day(20))
        self.assertFalse(self._events())
        controller = new_test_user(
            self.env, login="credit.controller", groups="account_dunning_pro.group_dunning_user"
        )
        wizard = (
            self.env["account.dunning.send"]
            .with_user(controller)
            .create({"partner_ids": self.customer.ids})
        )
        with freeze_time(day(20)):
            wizard.action_send()
        # never reminded: the chase starts at its first step, however late the debt
        self.assertEqual(self._channels(self._events()), [("email", "done")])
        self.assertEqual(self.customer.dunning_level_id, self.level[3])
        with freeze_time(day(20)):
            notice = wizard.action_send()
        self.assertEqual(notice["tag"], "display_notification")
        self.assertIn("Nothing is due today", notice["params"]["message"])
        self.assertEqual(len(self._events()), 1)

    # ---- send, then advance ------------------------------------------------

    def test_failed_send_does_not_advance(self):
        invoice = self._invoice(self.customer, 400, day(0))
        processor_class = type(self.processor)
        with (
            patch.object(
                processor_class,
                "_send_email",
                side_effect=UserError("SMTP relay refused the message"),
            ),
            self.assertLogs("odoo.addons.account_dunning_pro", "WARNING"),
        ):
            self._run(day(3))
        failed = self._events()
        self.assertRecordValues(failed, [{"channel": "email", "state": "failed"}])
        self.assertIn("SMTP relay refused", failed.reason)
        self.assertFalse(self.customer.dunning_level_id)
        self.assertEqual(invoice.dunning_count, 0)
        self.assertFalse(self._mails())

        self._run(day(4))
        self.assertEqual(self._channels(self._events()), [("email", "failed"), ("email", "done")])
        self.assertEqual(self.customer.dunning_level_id, self.level[3])
        self.assertEqual(invoice.dunning_count, 1)

    def test_one_failing_customer_does_not_stop_the_others(self):
        other = self._customer("Transports Lefevre SAS")
        self._invoice(self.customer, 400, day(0))
        self._invoice(other, 400, day(0))
        processor_class = type(self.processor)
        original = processor_class._prepare_summary

        def broken_for_one(this, partner, *args):
            if partner == self.customer:
                raise ValueError("corrupted data")
            return original(this, partner, *args)

        with (
            patch.object(processor_class, "_prepare_summary", broken_for_one),
            self.assertLogs("odoo.addons.account_dunning_pro", "ERROR"),
        ):
            self._run(day(3))
        self.assertRecordValues(self._events(), [{"state": "failed", "reason_code": "error"}])
        self.assertIn("corrupted data", self._events().reason)
        self.assertEqual(self._channels(self._events(other)), [("email", "done")])

    # ---- fallbacks ---------------------------------------------------------

    def test_fallback_email_to_sms(self):
        partner = self._customer("Garage Dubois", email=False)
        self._invoice(partner, 400, day(0))
        self._run(day(3))
        events = self._events(partner)
        self.assertEqual(self._channels(events), [("email", "failed"), ("sms", "done")])
        self.assertIn("no email address", events[0].reason)
        self.assertIn("Fallback", events[1].reason)
        self.assertEqual(partner.dunning_level_id, self.level[3], "the fallback reached them")

    def test_fallback_email_to_letter_when_phone_invalid(self):
        partner = self._customer("Fleurs Petit", email=False, phone="12")
        self._invoice(partner, 400, day(0))
        self._run(day(3))
        self.assertEqual(
            self._channels(self._events(partner)), [("email", "failed"), ("letter", "done")]
        )

    def test_fallback_to_call_task_when_nothing_reaches(self):
        partner = self._customer("Plomberie Roux", email=False, phone=False, street=False)
        self._invoice(partner, 400, day(0))
        self._run(day(3))
        events = self._events(partner)
        self.assertEqual(self._channels(events), [("email", "failed"), ("call", "done")])
        self.assertEqual(events[1].activity_id.user_id, self.salesman)

    def test_sms_with_invalid_number_fails_and_falls_back(self):
        partner = self._customer("Cafe Moreau", phone="+33 1")
        self._invoice(partner, 400, day(0))
        self._run(day(3))
        self._run(day(15))
        events = self._events(partner)
        self.assertEqual(
            self._channels(events),
            [("email", "done"), ("email", "done"), ("sms", "failed"), ("letter", "done")],
        )
        self.assertIn("not valid", events[2].reason)
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", partner.id)]))

    def test_no_address_letter_falls_back_to_call(self):
        partner = self._customer("Taxi Blanc", street=False)
        self._invoice(partner, 400, day(0))
        partner.dunning_level_id = self.level[15]
        partner.dunning_last_date = day(15)
        self._run(day(30))
        events = self._events(partner)
        self.assertEqual(self._channels(events), [("letter", "failed"), ("call", "done")])
        self.assertIn("no postal address", events[0].reason)

    def test_responsible_falls_back_to_company_default(self):
        credit_controller = new_test_user(
            self.env, login="cc.dunning", groups="account_dunning_pro.group_dunning_user"
        )
        self.company.dunning_responsible_id = credit_controller
        partner = self._customer(
            "Librairie Noel", email=False, phone=False, street=False, user_id=False
        )
        self._invoice(partner, 400, day(0))
        self._run(day(3))
        self.assertEqual(
            self._events(partner, channel="call").activity_id.user_id, credit_controller
        )
        partner.dunning_responsible_id = self.salesman
        self.assertEqual(self.processor._responsible(partner), self.salesman)

    # ---- letters -----------------------------------------------------------

    def test_letters_to_print_batch(self):
        partner = self._customer("Menuiserie Girard")
        invoice = self._invoice(partner, 1234.5, day(0))
        partner.dunning_level_id = self.level[15]
        partner.dunning_last_date = day(15)
        self._run(day(30))
        letter = self._events(partner, channel="letter")
        self.assertFalse(letter.letter_printed)
        html = letter.letter_attachment_id.raw.decode()
        self.assertIn(invoice.name, html)
        self.assertIn("1,234.50", html)
        self.assertIn("12 rue de la Paix", html)
        to_print = self.env["account.dunning.event"].search(
            [("channel", "=", "letter"), ("state", "=", "done"), ("letter_printed", "=", False)]
        )
        self.assertIn(letter, to_print)
        action = to_print.action_print_letters()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "account_dunning_pro.report_dunning_letter")
        self.assertTrue(letter.letter_printed)

    # ---- history is a record -------------------------------------------------

    def test_history_cannot_be_rewritten(self):
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        event = self._events()
        with self.assertRaises(UserError):
            event.write({"reason": "nothing happened"})
        with self.assertRaises(UserError):
            event.unlink()

    # ---- configuration -------------------------------------------------------

    def test_level_order_and_actions_are_checked(self):
        with self.assertRaises(ValidationError):
            self.level[15].delay = 50
        with self.assertRaises(ValidationError):
            self.level[3].mail_template_id = False

    def test_risk_profile_chooses_the_scenario(self):
        bad = self.env.ref("account_dunning_pro.account_dunning_risk_profile_bad")
        self.customer.risk_profile_id = bad
        self.assertEqual(
            self.customer.dunning_policy_id,
            self.env.ref("account_dunning_pro.account_dunning_policy_bad_payer"),
        )
        self._invoice(self.customer, 400, day(0))
        self._run(day(1))  # the bad payer scenario is firm from the first day late
        self.assertEqual(self._channels(self._events()), [("email", "done"), ("sms", "done")])

    def test_risk_rescoring_moves_late_payers(self):
        punctual = self._customer("Pharmacie Lambert")
        late = self._customer("Bar Fontaine")
        key = self._customer("Groupe Mercier")
        key.risk_profile_id = self.env.ref(
            "account_dunning_pro.account_dunning_risk_profile_key_account"
        )
        for partner, paid_after in ((punctual, 0), (late, 50), (key, 50)):
            invoice = self._invoice(partner, 1000, day(0))
            self._pay(invoice, 1000, day(paid_after))
        with freeze_time(day(70)), self.enter_registry_test_mode():
            self.env.ref("account_dunning_pro.ir_cron_dunning_risk").method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(punctual.risk_profile_id.code, "good")
        self.assertEqual(late.risk_profile_id.code, "bad")
        self.assertGreater(late.risk_score, 50)
        self.assertEqual(key.risk_profile_id.code, "key_account", "key accounts are set by hand")

    # ---- companies and access -------------------------------------------------

    def test_two_companies_never_see_each_other(self):
        other = self.setup_other_company(name="Filiale Lyon")["company"]
        other.dunning_policy_id = self.policy
        self._invoice(self.customer, 400, day(0))
        self._invoice(self.customer, 900, day(-20), company=other)
        self._run(day(3))
        here = self.customer.with_company(self.company)
        there = self.customer.with_company(other)
        self.assertEqual(here.dunning_level_id, self.level[3])
        self.assertEqual(there.dunning_level_id, self.level[3], "never reminded: the first step")
        self.assertEqual(here.dunning_event_ids.company_id, self.company)
        self.assertEqual(here.dunning_event_ids.amount_due, 400)
        self.assertEqual(
            there.with_context(allowed_company_ids=other.ids).dunning_event_ids.company_id, other
        )
        user = new_test_user(
            self.env,
            login="only.here",
            groups="account_dunning_pro.group_dunning_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        visible = (
            self.env["account.dunning.event"]
            .with_user(user)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(visible.company_id, self.company)

    def test_salesperson_reads_the_history_only(self):
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        partner = self.customer.with_user(self.salesman)
        self.assertEqual(len(partner.dunning_event_ids), 1)
        self.assertEqual(partner.dunning_event_ids.channel, "email")
        self.assertEqual(partner.dunning_level_id, self.level[3])
        with self.assertRaises(AccessError):
            partner.dunning_event_ids.write({"letter_printed": True})
        with self.assertRaises(AccessError):
            partner.write({"dunning_mode": "manual"})
        for model in (
            "account.dunning.policy",
            "account.dunning.promise",
            "account.dunning.payment.plan",
        ):
            # read-only: the rep reads the customer's scenario, promises and plans
            self.env[model].with_user(self.salesman).search([])
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.salesman).check_access("write")
        with self.assertRaises(AccessError):
            self.env["account.dunning.send"].with_user(self.salesman).create(
                {"partner_ids": self.customer.ids}
            )

    def test_partner_form_shows_the_dunning_tab(self):
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        form = Form(self.customer)
        self.assertEqual(form.dunning_level_id, self.level[3])
        self.assertEqual(form.dunning_policy_id, self.policy)
        self.assertEqual(len(form.dunning_event_ids), 1)

    def test_invoice_form_shows_its_reminders(self):
        invoice = self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        form = Form(invoice)
        self.assertEqual(form.dunning_level_id, self.level[3])
        self.assertEqual(form.dunning_count, 1)
        self.assertEqual(str(form.dunning_last_date), str(day(3)))

    def test_run_now_queues_the_cron(self):
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        manager = new_test_user(
            self.env, login="dunning.manager", groups="account_dunning_pro.group_dunning_manager"
        )
        action = self.policy.with_user(manager).action_run_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            len(self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])),
            len(triggers) + 1,
        )

    def test_invoice_pdfs_attached_when_the_level_asks(self):
        self.level[3].attach_invoices = True
        first = self._invoice(self.customer, 400, day(0))
        second = self._invoice(self.customer, 250, day(-2))
        self._run(day(3))
        message = self._events().mail_message_id
        self.assertEqual(len(message.attachment_ids), 2)
        names = " ".join(message.attachment_ids.mapped("name"))
        for invoice in first | second:
            self.assertIn(invoice.name.replace("/", "_"), names)
        self.assertEqual(self._mails().attachment_ids, message.attachment_ids)

    def test_internal_followers_get_no_copy_of_the_reminder(self):
        self.customer.message_subscribe(partner_ids=self.salesman.partner_id.ids)
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        message = self._events().mail_message_id
        notified = message.notification_ids.res_partner_id
        self.assertEqual(notified, self.customer, "only the customer's invoicing contact")
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", self.salesman.partner_id.ids)])
        )

    def test_salesperson_opens_the_customer_form(self):
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        partner = self.customer.with_user(self.salesman)
        view = self.env.ref("base.view_partner_form")
        values = partner.web_read(
            {
                "dunning_level_id": {"fields": {"display_name": {}}},
                "dunning_policy_id": {"fields": {"display_name": {}}},
                "dunning_next_date": {},
                "dunning_event_ids": {"fields": {"channel": {}, "state": {}, "level_id": {}}},
            }
        )[0]
        self.assertEqual(values["dunning_level_id"]["display_name"], "Standard / Friendly reminder")
        self.assertEqual(values["dunning_policy_id"]["display_name"], "Standard")
        self.assertEqual(values["dunning_event_ids"][0]["channel"], "email")
        arch = partner.get_views([(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn('name="dunning"', arch)
        self.assertNotIn("action_dunning_send_now", arch, "sending is for dunning users")
