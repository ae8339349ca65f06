# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Validating and processing: the prepared reminders reviewed, sent or discarded in
one go; the one-by-one screen; the outcome of a call."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DunningCommon, day

CALL_TYPE = "account_dunning_pro.mail_activity_type_dunning_call"


@tagged("post_install", "-at_install")
class TestDunningProcess(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.setup_other_company(name="Filiale Lyon")["company"]
        cls.controller = new_test_user(
            cls.env,
            login="process.controller",
            groups="account_dunning_pro.group_dunning_user",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.other_company).ids)],
        )
        cls.second = cls._customer("Garage Lefebvre SARL")
        cls.invoice = cls._invoice(cls.customer, 900, day(0))
        cls.second_invoice = cls._invoice(cls.second, 1250, day(0))
        cls.env.invalidate_all()

    # ---- helpers -----------------------------------------------------------------

    def _as_controller(self, model):
        return self.env[model].with_user(self.controller)

    def _prepare_drafts(self):
        self.policy.mode = "semi_automatic"
        self._run(day(3))
        drafts = self._events() | self._events(self.second)
        self.assertEqual(drafts.mapped("state"), ["draft", "draft"])
        return drafts.with_user(self.controller)

    def _open(self, action):
        """The record a window action opens, as the controller."""
        self.assertEqual(action["type"], "ir.actions.act_window")
        return self._as_controller(action["res_model"]).browse(action["res_id"])

    def _call_form(self, partner, **context):
        action = partner.with_user(self.controller).action_dunning_log_call()
        self.assertEqual(action["res_model"], "account.dunning.call")
        self.assertEqual(action["target"], "new")
        return Form(
            self._as_controller("account.dunning.call").with_context(**action["context"], **context)
        )

    def _call_task(self, partner):
        return partner.activity_schedule(CALL_TYPE, user_id=self.salesman.id, summary="Call")

    # ---- 1. semi-automatic batches ------------------------------------------------

    def test_batch_is_previewed_then_sent_and_discarded_in_one_go(self):
        drafts = self._prepare_drafts()
        draft, other_draft = drafts
        with freeze_time(day(3)):
            action = drafts.action_preview()
            form = Form(self._as_controller(action["res_model"]).with_context(**action["context"]))
            self.assertEqual(len(form.line_ids), 2)
            for index, (partner, amount) in enumerate(
                [(self.customer, 900.0), (self.second, 1250.0)]
            ):
                line = form.line_ids.edit(index)
                self.assertEqual(line.partner_id, partner)
                self.assertEqual(line.level_id, self.level[3])
                self.assertEqual(line.channels, "Email")
                self.assertEqual(line.amount_due, amount)
                line.save()
            with form.line_ids.edit(1) as line:
                line.discard = True
                line.discard_reason = "Paid by transfer this morning"
            wizard = form.save()
            action = wizard.action_confirm()

        sent = self._events().filtered(lambda e: e.state == "done")
        self.assertEqual(action["res_id"], sent.id, "the reminder sent opens")
        self.assertRecordValues(sent, [{"channel": "email", "user_id": self.controller.id}])
        self.assertFalse(draft.exists(), "the prepared reminder became the sent one")
        self.assertEqual(len(self._mails()), 1)
        self.assertRecordValues(
            other_draft,
            [{"state": "cancelled", "reason_code": "discarded", "user_id": self.controller.id}],
        )
        self.assertIn("Paid by transfer this morning", other_draft.reason)
        self.assertIn(self.controller.name, other_draft.reason)
        self.assertFalse(self._mails(self.second), "nothing sent to the discarded one")

    def test_a_discard_without_its_reason_is_refused(self):
        drafts = self._prepare_drafts()
        with freeze_time(day(3)):
            wizard = self._as_controller("account.dunning.validate").create(
                {
                    "line_ids": [
                        Command.create({"event_id": drafts[0].id, "discard": True}),
                        Command.create({"event_id": drafts[1].id}),
                    ]
                }
            )
            with self.assertRaisesRegex(UserError, "Say why the reminder of Boulangerie Martin"):
                wizard.action_confirm()
        self.assertEqual(drafts.mapped("state"), ["draft", "draft"], "nothing was sent")
        with self.assertRaisesRegex(UserError, "Select reminders still to validate"):
            self._as_controller("account.dunning.validate").with_context(
                active_model="account.dunning.event", active_ids=[]
            ).default_get(["line_ids"])

    def test_discard_from_the_list_asks_for_a_reason(self):
        drafts = self._prepare_drafts()
        action = drafts.action_discard()
        form = Form(self._as_controller(action["res_model"]).with_context(**action["context"]))
        form.reason = "Customer in talks with its sales rep"
        form.save().action_discard()
        self.assertRecordValues(
            drafts,
            [{"state": "cancelled", "status": "cancelled", "reason_code": "discarded"}] * 2,
        )
        self.assertIn("Customer in talks with its sales rep", drafts[0].reason)
        self.assertFalse(self._messages(), "nothing was sent")

        blank = self._as_controller("account.dunning.discard").create(
            {"event_ids": [Command.set(drafts.ids)], "reason": "   "}
        )
        with self.assertRaisesRegex(UserError, "Say why the reminders are discarded"):
            blank.action_discard()
        with self.assertRaisesRegex(UserError, "Only reminders still to validate"):
            drafts.action_discard()

    # ---- 2. one by one -------------------------------------------------------------

    def test_one_by_one_walks_two_customers_from_the_follow_up_list(self):
        partners = self.customer | self.second
        server_action = self.env.ref("account_dunning_pro.account_dunning_process_action_followup")
        with freeze_time(day(5)):
            action = (
                server_action.with_user(self.controller)
                .with_context(active_model="account.dunning.followup", active_ids=partners.ids)
                .run()
            )
            process = self._open(action)
            self.assertEqual(action["target"], "current")

            # the first customer: its file, and the reminder due with its email
            form = Form(process)
            self.assertEqual(form.progress, "1 of 2")
            self.assertEqual(form.partner_id, self.customer)
            self.assertEqual(form.level_id, self.level[3])
            self.assertEqual(form.channels, "Email")
            self.assertEqual(form.amount_due, 900.0)
            self.assertIn("reminder of overdue invoices", form.email_subject)
            self.assertIn(self.invoice.name, str(form.email_body))
            self.assertEqual(process.move_ids, self.invoice)
            self.assertIn(self.customer, process.contact_ids)
            form.email_subject = "Boulangerie Martin: your account with us"
            form.save()
            process.action_send()

            sent = self._events()
            self.assertRecordValues(
                sent, [{"state": "done", "channel": "email", "user_id": self.controller.id}]
            )
            mail = self._mails()
            self.assertEqual(mail.subject, "Boulangerie Martin: your account with us")
            self.assertEqual(self.customer.dunning_level_id, self.level[3])

            # the second one: skipped, with its reason
            form = Form(process)
            self.assertEqual(form.progress, "2 of 2")
            self.assertEqual(form.partner_id, self.second)
            self.assertNotIn("your account with us", form.email_subject)
            with self.assertRaisesRegex(UserError, "Say why this customer is skipped"):
                process.action_skip()
            form.skip_reason = "Paid by transfer this morning"
            form.save()
            process.action_skip()

        skipped = self._events(self.second)
        self.assertRecordValues(
            skipped,
            [
                {
                    "state": "skipped",
                    "reason_code": "skipped_by_hand",
                    "level_id": self.level[3].id,
                    "user_id": self.controller.id,
                }
            ],
        )
        self.assertIn("Paid by transfer this morning", skipped.reason)
        self.assertFalse(self._mails(self.second))

        # the end of the list, and the way back to it
        self.assertTrue(process.is_done)
        self.assertEqual(process.line_ids.mapped("result"), ["sent", "skipped"])
        self.assertEqual(process.line_ids[0].result_note, "Email")
        back = process.action_back_to_list()
        self.assertEqual(back["res_model"], "account.dunning.followup")
        with self.assertRaisesRegex(UserError, "Every customer of this list was processed"):
            process.action_send()

    def test_one_by_one_from_the_menu_takes_the_customers_to_act_on_today(self):
        self.policy.mode = "manual"
        later = self._customer("Fleuriste Bonnet EURL")
        self._invoice(later, 300, day(40))
        self._run(day(5))
        with freeze_time(day(5)):
            action = (
                self.env.ref("account_dunning_pro.account_dunning_process_action_today")
                .with_user(self.controller)
                .run()
            )
            process = self._open(action)
            self.assertEqual(process.line_ids.partner_id, self.customer | self.second)
            self.assertEqual(process.progress, "1 of 2")

        self.policy.mode = "automatic"
        self._run(day(6))
        with freeze_time(day(6)):
            notice = (
                self.env.ref("account_dunning_pro.account_dunning_process_action_today")
                .with_user(self.controller)
                .run()
            )
        self.assertEqual(notice["tag"], "display_notification")

    def test_one_by_one_skip_discards_the_prepared_reminder(self):
        drafts = self._prepare_drafts()
        with freeze_time(day(3)):
            process = self._open(
                self._as_controller("account.dunning.process")._action_start(self.customer)
            )
            process.skip_reason = "Disputes the delivery, see the sales rep"
            process.action_skip()
        self.assertRecordValues(drafts[0], [{"state": "cancelled", "reason_code": "discarded"}])
        self.assertIn("Disputes the delivery", drafts[0].reason)
        self.assertEqual(drafts[1].state, "draft", "the other customer's one waits")
        self.assertTrue(process.is_done)
        self.assertEqual(process.progress, "1 of 1")

    def test_one_by_one_call_and_promise_move_on(self):
        task = self._call_task(self.customer)
        with freeze_time(day(5)):
            process = self._open(
                self._as_controller("account.dunning.process")._action_start(
                    self.customer | self.second
                )
            )
            action = process.action_log_call()
            form = Form(self._as_controller(action["res_model"]).with_context(**action["context"]))
            form.outcome = "no_answer"
            form.save().action_log()
            self.assertFalse(task.active, "the call task is done")
            self.assertEqual(process.partner_id, self.second)

            action = process.action_record_promise()
            form = Form(self._as_controller(action["res_model"]).with_context(**action["context"]))
            self.assertFalse(form.is_call)
            self.assertEqual(form.outcome, "promised")
            self.assertEqual(form.promise_amount, 1250.0)
            form.promise_date = day(20)
            form.save().action_log()

        self.assertEqual(process.line_ids.mapped("result"), ["called", "promised"])
        self.assertTrue(process.is_done)
        promise = self.env["account.dunning.promise"].search([("partner_id", "=", self.second.id)])
        self.assertRecordValues(promise, [{"amount": 1250.0, "date": day(20), "state": "open"}])
        self.assertEqual(promise.move_ids, self.second_invoice)
        recorded = self._events(self.second, event_type="promise")
        self.assertIn("Promised to pay", recorded.reason)
        self.assertFalse(self._events(self.second, event_type="call"), "not a call")

    def test_one_by_one_refuses_a_customer_of_another_company(self):
        stranger = self._customer("Imprimerie Lyonnaise SA", company_id=self.other_company.id)
        with self.assertRaisesRegex(UserError, "is a customer of Filiale Lyon"):
            self._as_controller("account.dunning.process")._action_start(self.customer | stranger)
        with self.assertRaisesRegex(UserError, "Select the customers to process"):
            self._as_controller("account.dunning.process")._action_start(self.env["res.partner"])

    # ---- 3. call outcomes ----------------------------------------------------------

    def test_a_call_reached_or_unanswered_closes_the_call_task_and_is_in_the_history(self):
        for outcome, label in (("reached", "Reached"), ("no_answer", "No answer")):
            task = self._call_task(self.customer)
            with freeze_time(day(31)):
                form = self._call_form(self.customer)
                self.assertEqual(form.contact_id, self.customer)
                self.assertEqual(form.phone, "06 12 34 56 78")
                self.assertEqual(list(form.activity_ids), [task])
                form.outcome = outcome
                form.note = "Spoke about the March invoice"
                self.assertEqual(form.save().action_log()["type"], "ir.actions.act_window_close")
            self.assertFalse(task.active, f"{outcome}: the call task is done")
            self.assertIn(label, task.feedback)
            event = self._events(event_type="call")[-1:]
            self.assertRecordValues(
                event,
                [
                    {
                        "state": "done",
                        "reason_code": f"call_{outcome}",
                        "user_id": self.controller.id,
                    }
                ],
            )
            self.assertIn(
                f"Call to Boulangerie Martin SARL (06 12 34 56 78): {label}", event.reason
            )
            self.assertIn("Spoke about the March invoice", event.reason)
            self.assertEqual(event.status, "recorded")

    def test_a_promise_on_the_phone_creates_the_promise(self):
        with freeze_time(day(31)):
            form = self._call_form(self.customer)
            form.outcome = "promised"
            self.assertEqual(form.promise_amount, 900.0, "what is overdue, by default")
            self.assertEqual(list(form.promise_move_ids), [self.invoice])
            form.promise_amount = 600.0
            form.promise_date = day(40)
            form.save().action_log()
        promise = self.env["account.dunning.promise"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertRecordValues(promise, [{"amount": 600.0, "date": day(40), "state": "open"}])
        self.assertEqual(promise.move_ids, self.invoice)
        event = self._events(event_type="call")
        self.assertIn("Promised to pay", event.reason)
        self.assertEqual(event.move_ids, self.invoice)

    def test_a_dispute_on_the_phone_opens_the_dispute(self):
        reason = self.env["account.dunning.dispute.reason"].search([], limit=1)
        with freeze_time(day(31)):
            form = self._call_form(self.customer)
            form.outcome = "dispute"
            form.dispute_move_id = self.invoice
            form.dispute_reason_id = reason
            form.note = "Half the goods arrived damaged"
            form.save().action_log()
        dispute = self.env["account.dunning.dispute"].search([("move_id", "=", self.invoice.id)])
        self.assertRecordValues(
            dispute,
            [{"state": "open", "reason_id": reason.id, "user_id": self.controller.id}],
        )
        self.assertEqual(dispute.note, "Half the goods arrived damaged")
        self.assertTrue(self.invoice.no_followup, "the disputed invoice leaves the chase")
        self.assertIn(f"Disputes {self.invoice.name}", self._events(event_type="call").reason)

    def test_a_wrong_number_is_blacklisted_and_the_sms_falls_back(self):
        processor = self.env["account.dunning.processor"]
        self.assertFalse(processor._unreachable_reason(self.customer, "sms"))
        with freeze_time(day(31)):
            form = self._call_form(self.customer)
            form.outcome = "wrong_number"
            form.save().action_log()
        self.assertTrue(
            self.env["phone.blacklist"].sudo().search([("number", "=", "+33612345678")])
        )
        self.assertIn("blacklisted", processor._unreachable_reason(self.customer, "sms"))
        self.assertTrue(self.customer.phone_sanitized_blacklisted)
        self.assertIn("Wrong number", self._events(event_type="call").reason)

    def test_bad_call_outcomes_are_refused_with_a_clear_error(self):
        Call = self._as_controller("account.dunning.call")
        cases = [
            ({"outcome": "promised", "promise_date": day(40)}, "needs the promised amount"),
            ({"outcome": "promised", "promise_amount": 100.0}, "needs the promised date"),
            ({"outcome": "dispute"}, "choose the disputed invoice and the reason"),
            ({"outcome": "wrong_number", "phone": False}, "Give the wrong number"),
        ]
        with freeze_time(day(31)):
            for vals, message in cases:
                wizard = Call.create({"partner_id": self.customer.id, **vals})
                with self.assertRaisesRegex(UserError, message):
                    wizard.action_log()
            past = Call.create(
                {
                    "partner_id": self.customer.id,
                    "outcome": "promised",
                    "promise_amount": 100.0,
                    "promise_date": day(1),
                }
            )
            with self.assertRaises(ValidationError) as caught:
                past.action_log()
            self.assertIn("cannot be for a day in the past", str(caught.exception))
        self.assertFalse(self._events(event_type="call"), "nothing was logged")
        self.assertFalse(self.env["account.dunning.promise"].search([]))

    def test_a_call_on_a_customer_of_another_company_or_by_a_sales_rep_is_refused(self):
        stranger = self._customer("Imprimerie Lyonnaise SA", company_id=self.other_company.id)
        with self.assertRaisesRegex(UserError, "is a customer of Filiale Lyon"):
            stranger.with_user(self.controller).action_dunning_log_call()
        with self.assertRaisesRegex(UserError, "is a customer of Filiale Lyon"):
            self._as_controller("account.dunning.call").create({"partner_id": stranger.id})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_dunning_log_call()
