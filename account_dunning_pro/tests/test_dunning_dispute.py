# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Disputes, as a credit controller opens and settles them: the disputed invoice
alone leaves the chase, and comes back to it, or closes, with the outcome."""

from contextlib import contextmanager

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningDispute(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="credit.controller.dispute",
            groups="account_dunning_pro.group_dunning_user",
            company_id=cls.company.id,
        )
        cls.Dispute = cls.env["account.dunning.dispute"].with_user(cls.controller)
        cls.reason_price = cls.env.ref("account_dunning_pro.account_dunning_dispute_reason_price")
        cls.reason_defective = cls.env.ref(
            "account_dunning_pro.account_dunning_dispute_reason_defective"
        )

    @contextmanager
    def _refused(self, exception, text):
        """``exception`` is raised, saying ``text``, and nothing is left behind."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def _open_dispute(self, invoice, on, reason=None, deadline=None, note="Prix non conforme"):
        """A credit controller opens a dispute from the invoice's "Open a dispute" button."""
        with freeze_time(on):
            form = Form(self.Dispute.with_context(default_move_id=invoice.id))
            self.assertEqual(form.partner_id, invoice.commercial_partner_id)
            form.reason_id = reason or self.reason_price
            form.note = note
            if deadline:
                form.deadline = deadline
            return form.save()

    def _resolve(self, dispute, on, button, **values):
        """Press a resolution button on the dispute's form and confirm its wizard."""
        with freeze_time(on):
            action = getattr(dispute.with_user(self.controller), button)()
            wizard_form = Form(
                self.env[action["res_model"]]
                .with_user(self.controller)
                .with_context(**action["context"])
            )
            for name, value in values.items():
                setattr(wizard_form, name, value)
            wizard_form.save().action_confirm()
        self.env.invalidate_all()

    def test_disputed_invoice_is_left_out_while_the_rest_is_chased(self):
        disputed = self._invoice(self.customer, 300, day(0))
        chased = self._invoice(self.customer, 800, day(0))
        dispute = self._open_dispute(disputed, day(1))

        self.assertRecordValues(
            dispute,
            [
                {
                    "partner_id": self.customer.id,
                    "state": "open",
                    "user_id": self.controller.id,
                    "deadline": day(31),
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertIn(disputed.name, dispute.display_name)
        self.assertTrue(disputed.no_followup)
        self.assertFalse(chased.no_followup)
        opened = self._events(event_type="dispute")
        self.assertEqual(opened.move_ids, disputed)
        self.assertIn("no longer chased", opened.reason)
        self.assertEqual(opened.user_id, self.controller)
        partner_form = Form(self.customer.with_user(self.controller))
        self.assertEqual(partner_form.dunning_dispute_ids.ids, dispute.ids)
        invoice_form = Form(disputed.with_user(self.controller))
        self.assertEqual(invoice_form.dunning_dispute_count, 1)
        action = disputed.with_user(self.controller).action_open_dunning_disputes()
        self.assertEqual(action["res_id"], dispute.id)

        self._run(day(3))
        reminder = self._events(event_type="reminder")
        self.assertRecordValues(reminder, [{"state": "done", "level_id": self.level[3].id}])
        self.assertEqual(reminder.move_ids, chased)
        self.assertNotIn(disputed, reminder.move_ids)
        self.assertEqual(reminder.amount_due, 800)
        self.assertNotIn(disputed.name, reminder.mail_message_id.body)
        self.assertEqual(disputed.dunning_count, 0)

    def test_customer_right_credits_the_whole_invoice(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        self._run(day(3))
        dispute = self._open_dispute(invoice, day(5), reason=self.reason_defective)
        self._resolve(dispute, day(8), "action_resolve_customer_right", note="Marchandise abîmée")

        credit_note = dispute.credit_note_id
        self.assertRecordValues(
            dispute,
            [
                {
                    "state": "resolved",
                    "resolution": "customer_right",
                    "resolution_date": day(8),
                    "resolution_note": "Marchandise abîmée",
                }
            ],
        )
        self.assertRecordValues(
            credit_note,
            [
                {
                    "move_type": "out_refund",
                    "state": "posted",
                    "reversed_entry_id": invoice.id,
                    "amount_total": 1000,
                }
            ],
        )
        self.assertIn(invoice.payment_state, ("reversed", "paid"))
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        resolved = self._events(event_type="dispute")[-1]
        self.assertEqual(resolved.move_ids, invoice | credit_note)
        self.assertIn("customer was right", resolved.reason)
        self.assertIn(credit_note.name, resolved.reason)
        self.assertIn("Marchandise abîmée", resolved.reason)
        self.assertFalse(Form(self.customer.with_user(self.controller)).dunning_dispute_ids)

        reminders = self._events(event_type="reminder")
        self._run(day(20))
        self.assertEqual(self._events(event_type="reminder"), reminders, "nothing is owed")
        self.assertFalse(self.customer.dunning_level_id)

    def test_customer_right_with_a_partial_credit_note_leaves_the_rest_chased(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        dispute = self._open_dispute(invoice, day(1))
        credit_note = self._invoice(self.customer, 400, day(2), move_type="out_refund")
        self._resolve(
            dispute,
            day(2),
            "action_resolve_customer_right",
            credit_mode="existing",
            credit_note_id=credit_note,
        )

        self.assertEqual(dispute.credit_note_id, credit_note)
        self.assertEqual(invoice.amount_residual, 600)
        self.assertEqual(credit_note.payment_state, "paid")
        self.assertFalse(invoice.no_followup, "what the credit note leaves is owed")
        self.assertIn("chased again", self._events(event_type="dispute")[-1].reason)
        self._run(day(3))
        reminder = self._events(event_type="reminder")
        self.assertEqual(reminder.move_ids, invoice)
        self.assertEqual(reminder.amount_due, 600)

    def test_customer_wrong_resumes_the_chase_where_it_was(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        self._run(day(3))
        self.assertEqual(invoice.dunning_level_id, self.level[3])
        dispute = self._open_dispute(invoice, day(5))
        for offset in (10, 15, 18):
            self._run(day(offset))
        self.assertEqual(len(self._events(event_type="reminder")), 1, "not chased while disputed")
        self.assertEqual(self.customer.dunning_level_id, self.level[3], "the chase only pauses")

        self._resolve(dispute, day(20), "action_resolve_customer_wrong", note="Prix conforme")
        self.assertRecordValues(dispute, [{"state": "resolved", "resolution": "customer_wrong"}])
        self.assertFalse(invoice.no_followup)
        self.assertEqual(invoice.dunning_level_id, self.level[3], "its level is kept")
        resolved = self._events(event_type="dispute")[-1]
        self.assertIn("customer was wrong", resolved.reason)
        self.assertIn(self.level[3].name, resolved.reason)

        self._run(day(21))
        reminder = self._events(event_type="reminder")[-1]
        self.assertEqual(reminder.level_id, self.level[15], "the next level, not the first")
        self.assertEqual(reminder.move_ids, invoice)

    def test_cancelling_a_dispute_lifts_the_exclusion(self):
        invoice = self._invoice(self.customer, 500, day(0))
        # opened from the customer's "Open a dispute" button this time
        with freeze_time(day(1)):
            form = Form(self.Dispute.with_context(default_partner_id=self.customer.id))
            form.move_id = invoice
            form.reason_id = self.reason_price
            dispute = form.save()
        self.assertTrue(invoice.no_followup)
        with freeze_time(day(2)):
            Form(dispute.with_user(self.controller))  # the controller opens it, then cancels
            dispute.with_user(self.controller).action_cancel()
        self.assertEqual(dispute.state, "cancelled")
        self.assertFalse(invoice.no_followup)
        self.assertIn("cancelled", self._events(event_type="dispute")[-1].reason)
        self._run(day(3))
        self.assertEqual(self._events(event_type="reminder").move_ids, invoice)

    def test_owner_gets_one_task_when_the_deadline_passes(self):
        invoice = self._invoice(self.customer, 500, day(0))
        dispute = self._open_dispute(invoice, day(1), deadline=day(10))
        todo = self.env.ref("mail.mail_activity_data_todo")

        self._run(day(10))
        self.assertFalse(dispute.activity_ids, "the deadline day itself is still in time")
        self._run(day(11))
        self.assertRecordValues(
            dispute.activity_ids,
            [{"user_id": self.controller.id, "activity_type_id": todo.id}],
        )
        late = self._events(event_type="dispute")[-1]
        self.assertIn("past its deadline", late.reason)
        self.assertEqual(late.move_ids, invoice)
        self._run(day(12))
        self.assertEqual(len(dispute.activity_ids), 1, "once, not every night")
        self.assertEqual(len(self._events(event_type="dispute")), 2)

        # the owner marks the task done and gives the customer ten more days
        dispute.activity_ids.with_user(self.controller).action_done()
        with freeze_time(day(12)):
            with Form(dispute.with_user(self.controller)) as form:
                form.deadline = day(22)
        self._run(day(23))
        self.assertEqual(len(dispute.activity_ids), 1, "a new deadline, a new task")

    def test_bad_inputs_are_refused_with_a_clear_error(self):
        invoice = self._invoice(self.customer, 500, day(0))
        paid = self._invoice(self.customer, 200, day(0))
        self._pay(paid, 200, day(1))
        bill = self._invoice(self.customer, 100, day(0), move_type="in_invoice")
        draft = self._invoice(self.customer, 100, day(0), post=False)
        refund = self._invoice(self.customer, 100, day(0), move_type="out_refund")

        def create(move, **vals):
            return self.Dispute.create(
                {"move_id": move.id, "reason_id": self.reason_price.id, **vals}
            )

        with freeze_time(day(2)):
            with self._refused(ValidationError, "already paid or reversed"):
                create(paid)
            for move in (bill, draft, refund):
                with self._refused(ValidationError, "Only a posted customer invoice"):
                    create(move)
            with self._refused(ValidationError, "cannot be in the past"):
                create(invoice, deadline=day(1))
            dispute = create(invoice)
            with self._refused(ValidationError, "already disputed"):
                create(invoice)
            with self._refused(UserError, "cancel it rather than delete it"):
                dispute.unlink()

            wizard = self.env["account.dunning.dispute.resolve"].with_user(self.controller)
            with self._refused(UserError, "Choose the credit note"):
                wizard.create(
                    {
                        "dispute_id": dispute.id,
                        "resolution": "customer_right",
                        "credit_mode": "existing",
                    }
                ).action_confirm()
            other = self._customer("Fromagerie Dupont SA")
            foreign_refund = self._invoice(other, 50, day(0), move_type="out_refund")
            with self._refused(UserError, "is not a posted credit note of"):
                dispute._resolve_customer_right(foreign_refund)
            self.assertEqual(dispute.state, "open")

            dispute.action_cancel()
            with self._refused(UserError, "Only an open dispute"):
                dispute.action_resolve_customer_wrong()
            with self._refused(UserError, "Only an open dispute"):
                dispute.action_cancel()

    def test_sales_rep_reads_disputes_but_cannot_open_one(self):
        invoice = self._invoice(self.customer, 500, day(0))
        dispute = self._open_dispute(invoice, day(1))
        rep = self.salesman

        form = Form(dispute.with_user(rep))
        self.assertEqual(form.reason_id, self.reason_price)
        self.assertEqual(form.state, "open")
        self.assertEqual(form.amount_residual, 500)
        self.assertIn(invoice.name, dispute.with_user(rep).display_name)
        partner_form = Form(self.customer.with_user(rep))
        self.assertEqual(partner_form.dunning_dispute_ids.ids, dispute.ids)
        self.assertTrue(self._events(event_type="dispute").with_user(rep).reason)

        with self.assertRaises(AccessError), freeze_time(day(1)):
            self.env["account.dunning.dispute"].with_user(rep).create(
                {"move_id": invoice.id, "reason_id": self.reason_price.id}
            )
        with self.assertRaises(AccessError):
            dispute.with_user(rep).action_cancel()
