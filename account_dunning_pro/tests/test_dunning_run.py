# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningRun(DunningCommon):
    def test_pre_due_reminder_once(self):
        invoice = self._invoice(self.customer, 1200, day(0))
        self._run(day(-4))
        self.assertFalse(self._events(), "4 days before the due date is too early")

        self._run(day(-3))
        event = self._events()
        self.assertRecordValues(
            event, [{"channel": "email", "state": "done", "level_id": self.level[-3].id}]
        )
        self.assertEqual(event.move_ids, invoice)
        message = event.mail_message_id
        self.assertIn("upcoming due date", message.subject)
        self.assertIn(invoice.name, message.body)
        self.assertIn("not a payment reminder", message.body)
        self.assertEqual(
            self._mails().email_to or self._mails().recipient_ids.email, "compta@boulangerie.test"
        )
        self.assertFalse(self.customer.dunning_level_id, "a pre-due note is not a chase level")
        self.assertRecordValues(
            invoice, [{"dunning_level_id": self.level[-3].id, "dunning_count": 1}]
        )

        self.assertEqual(self.customer.dunning_next_date, day(3), "next: the friendly reminder")
        self._run(day(-2))
        self._run(day(0))
        self.assertEqual(len(self._events()), 1, "the pre-due reminder goes once per invoice")

    def test_standard_scenario_every_level(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        self._run(day(-3))  # pre-due
        expected = [
            (2, []),
            (3, [("email", "Friendly reminder")]),
            (14, []),
            (15, [("email", "Firm reminder"), ("sms", "Firm reminder")]),
            (29, []),
            (30, [("letter", "Reminder letter"), ("call", "Reminder letter")]),
            (45, [("email", "Formal notice"), ("letter", "Formal notice")]),
            (60, [("call", "Hand-off to collection")]),
            (61, []),
            (90, []),
        ]
        for offset, sent in expected:
            before = self._events()
            self._run(day(offset))
            new = self._events() - before
            self.assertEqual([(e.channel, e.level_id.name) for e in new], sent, f"day +{offset}")
            self.assertTrue(all(e.state == "done" for e in new), new.mapped("reason"))
            if sent:
                self.assertEqual(self.customer.dunning_level_id.name, sent[0][1])
                self.assertEqual(self.customer.dunning_last_date, day(offset))
        self.assertEqual(invoice.dunning_count, 6)  # pre-due + five post-due levels
        self.assertEqual(invoice.dunning_level_id, self.level[60])
        self.assertEqual(invoice.dunning_last_date, day(60))

        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)]) or self.env[
            "sms.sms"
        ].search([("number", "=", "+33612345678")])
        self.assertEqual(sms.number, "+33612345678", "SMS number normalised to E.164")
        self.assertIn("overdue", sms.body)

        call = self._events(channel="call", level_id=self.level[30].id)
        self.assertEqual(call.activity_id.user_id, self.salesman, "falls back to the salesperson")
        self.assertEqual(
            call.activity_id.activity_type_id,
            self.env.ref("account_dunning_pro.mail_activity_type_dunning_call"),
        )
        self.assertIn(invoice.name, call.activity_id.note)
        collection = self._events(channel="call", level_id=self.level[60].id)
        self.assertEqual(
            collection.activity_id.activity_type_id,
            self.env.ref("account_dunning_pro.mail_activity_type_dunning_collection"),
        )

        letter = self._events(channel="letter", level_id=self.level[45].id)
        self.assertTrue(letter.letter_attachment_id)
        content = letter.letter_attachment_id.raw.decode()
        self.assertIn(invoice.name, content)
        self.assertIn("Formal notice", content)
        self.assertIn("recovery indemnity", content)
        # 1000 late by 45 days at 12.15 % a year: 14.98
        self.assertIn("14.98", content)

        notice = self._events(channel="email", level_id=self.level[45].id)
        self.assertIn("formal notice", notice.mail_message_id.subject)
        self.assertIn("1,000.00", notice.mail_message_id.body)

    def test_same_day_twice_sends_nothing_more(self):
        self._invoice(self.customer, 500, day(0))
        self._run(day(3))
        self._run(day(3))
        self.assertEqual(len(self._events()), 1)
        self.assertEqual(len(self._mails()), 1)
        # nor does a person pressing "Send now" the same day
        with freeze_time(day(3)):
            results = self.processor._send_now(self.customer)
        self.assertFalse(results[self.customer])
        self.assertEqual(len(self._events()), 1)

    def test_nothing_twice_after_an_absence(self):
        """The run stopped for a week: it catches up with one reminder, spaced afterwards."""
        self._invoice(self.customer, 500, day(0))
        self._run(day(3))
        self._run(day(20))  # the run was down from +4 to +19
        events = self._events()
        self.assertEqual([e.level_id.delay for e in events], [3, 15, 15])
        self.assertEqual(self.customer.dunning_last_date, day(20))
        # letter is 15 days after the firm reminder in the scenario: not before day 35
        self._run(day(30))
        self.assertEqual(len(self._events()), 3)
        self.assertEqual(self.customer.dunning_next_date, day(35))
        self._run(day(35))
        self.assertEqual(self._events()[-1].level_id, self.level[30])

    def test_excluded_invoice_is_not_chased(self):
        chased = self._invoice(self.customer, 800, day(0))
        excluded = self._invoice(self.customer, 300, day(-10))
        excluded.no_followup = True
        self._run(day(5))
        event = self._events()
        self.assertEqual(event.move_ids, chased)
        self.assertEqual(event.amount_due, 800)
        self.assertNotIn(excluded.name, event.mail_message_id.body)
        self.assertFalse(excluded.dunning_level_id)
        self.assertEqual(excluded.dunning_count, 0)

    def test_partial_payment_credit_note_and_currencies(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        self._pay(invoice, 400, day(1))
        self._invoice(self.customer, 100, day(0), move_type="out_refund")
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 0.5)])
        foreign = self._invoice(self.customer, 250, day(-1), currency=eur)
        self._run(day(4))
        event = self._events()
        self.assertEqual(event.level_id, self.level[3])
        self.assertEqual(len(event.move_ids), 3)
        body = event.mail_message_id.body
        totals = {t["currency"]: t for t in event.summary["totals"]}
        # 1000 - 400 paid - 100 credit note, in the company currency
        company_currency = self.company.currency_id.name
        self.assertIn("500.00", totals[company_currency]["residual_display"])
        self.assertIn("250.00", totals["EUR"]["residual_display"])
        self.assertIn(f"Total due in {company_currency}", body)
        self.assertIn("Total due in EUR", body)
        self.assertIn("500.00", body)
        self.assertIn("250.00", body)
        self.assertIn(foreign.name, body)
        # the foreign invoice counts 500 in the company currency (rate 0.5)
        self.assertAlmostEqual(event.amount_due, 500 + 500)

    def test_full_payment_resets_the_level(self):
        invoice = self._invoice(self.customer, 700, day(0))
        self._run(day(3))
        self.assertEqual(self.customer.dunning_level_id, self.level[3])
        self._pay(invoice, 700, day(5))
        reminder_mails = self._mails()
        self._run(day(6))
        self.assertFalse(self.customer.dunning_level_id)
        # thanked once, by email, and the chase closed in the history
        thanks = self._events(event_type="thank_you")
        self.assertRecordValues(thanks, [{"state": "done", "channel": "email"}])
        self.assertEqual(thanks.move_ids, invoice)
        mail = self._mails() - reminder_mails
        self.assertEqual(len(mail), 1)
        self.assertIn("thank you for your payment", mail.subject)
        self.assertIn(invoice.name, mail.body_html)
        closing = self._events(event_type="closing")
        self.assertEqual(len(closing), 1)
        self.assertIn("Friendly reminder", closing.reason)
        self._run(day(7))
        self.assertEqual(len(self._events(event_type="thank_you")), 1, "thanked once only")
        self.assertEqual(len(self._mails() - reminder_mails), 1)
        # a new late invoice starts the chase from the first level again
        self._invoice(self.customer, 200, day(10))
        self._run(day(13))
        self.assertEqual(self._events()[-1].level_id, self.level[3])

    def test_a_customer_moved_to_a_firmer_scenario_still_gets_its_formal_notice(self):
        self._invoice(self.customer, 900, day(0))
        for offset in (3, 15, 30):
            self._run(day(offset))
        self.assertEqual(self.customer.dunning_level_id, self.level[30], "the reminder letter")
        bad_payer = self.env.ref("account_dunning_pro.account_dunning_policy_bad_payer")
        self.customer.dunning_policy_forced_id = bad_payer
        # its reminder letter stands for the bad payer's call, not for its hand-off to
        # collection (+30): the formal notice (+15) follows, with its spacing from the call
        before = self._events()
        self._run(day(36))
        self.assertEqual(self._events(), before)
        self._run(day(37))
        sent = self._events() - before
        self.assertEqual(
            set(sent.level_id.ids),
            {self.env.ref("account_dunning_pro.account_dunning_level_bad_payer_formal_notice").id},
        )
        self.assertEqual(set(sent.mapped("state")), {"done"})
        # sent once: the invoice is at the new scenario's formal notice now, and the
        # next nights send nothing more
        notice = sent.level_id
        self.assertEqual(sent.move_ids.dunning_level_id, notice)
        for offset in (38, 39, 40):
            self._run(day(offset))
        self.assertEqual(self._events(), before | sent)

    def test_no_thank_you_when_the_scenario_says_so(self):
        self.policy.send_thank_you = False
        invoice = self._invoice(self.customer, 700, day(0))
        self._run(day(3))
        self._pay(invoice, 700, day(5))
        reminder_mails = self._mails()
        self._run(day(6))
        self.assertFalse(self._events(event_type="thank_you"))
        self.assertFalse(self._mails() - reminder_mails)
        self.assertEqual(len(self._events(event_type="closing")), 1)

    def test_thank_you_without_email_is_a_visible_skip(self):
        customer = self._customer("Sans Courriel", email=False)
        invoice = self._invoice(customer, 300, day(0))
        self._run(day(3))
        self._pay(invoice, 300, day(4))
        self._run(day(5))
        thanks = self._events(customer, event_type="thank_you")
        self.assertRecordValues(thanks, [{"state": "skipped", "reason_code": "unreachable"}])
        self.assertIn("no email address", thanks.reason)
        self.assertFalse(customer.dunning_level_id)

    def test_tolerance_skips_once_with_its_reason(self):
        self.policy.min_amount = 50
        self._invoice(self.customer, 30, day(0))
        self._run(day(3))
        self._run(day(4))
        skipped = self._events()
        self.assertRecordValues(skipped, [{"state": "skipped", "reason_code": "below_tolerance"}])
        self.assertIn("tolerance", skipped.reason)
        self.assertFalse(self._mails())
        self.assertFalse(self.customer.dunning_level_id)

    def test_payment_plan_and_promise_pause_the_chase(self):
        planned = self._invoice(self.customer, 600, day(0))
        promised = self._invoice(self.customer, 200, day(0))
        chased = self._invoice(self.customer, 100, day(0))
        plan = self.env["account.dunning.payment.plan"].create(
            {
                "partner_id": self.customer.id,
                "move_ids": [(6, 0, planned.ids)],
                "line_ids": [
                    (0, 0, {"date": day(10), "amount": 300}),
                    (0, 0, {"date": day(40), "amount": 300}),
                ],
            }
        )
        plan.action_activate()
        with freeze_time(day(0)):  # a promise is never for a day in the past
            self.env["account.dunning.promise"].create(
                {
                    "partner_id": self.customer.id,
                    "move_ids": [(6, 0, promised.ids)],
                    "amount": 200,
                    "date": day(8),
                }
            )
        self._run(day(3))
        self.assertEqual(self._events().move_ids, chased)
        self.assertEqual(planned.dunning_count + promised.dunning_count, 0)

    def test_payment_plan_must_match_the_debt(self):
        invoice = self._invoice(self.customer, 600, day(0))
        plan = self.env["account.dunning.payment.plan"].create(
            {
                "partner_id": self.customer.id,
                "move_ids": [(6, 0, invoice.ids)],
                "line_ids": [(0, 0, {"date": day(10), "amount": 500})],
            }
        )
        with self.assertRaisesRegex(Exception, "instalments total"):
            plan.action_activate()
        self.assertEqual(plan.state, "draft")

    def test_crash_mid_run_resumes_without_resending(self):
        """A run that dies after its first batch: the next one finishes, sending nothing twice."""
        second = self._customer("Transports Lefevre SAS")
        self._invoice(self.customer, 100, day(0))
        self._invoice(second, 100, day(0))
        first_id, second_id = sorted([self.customer.id, second.id])
        self.cron.code = "model._cron_run(batch_size=1)"
        processor_class = type(self.processor)
        original = processor_class._process_partners

        def crash_on_second(this, partners, today, **kwargs):
            if partners.id == second_id:
                raise RuntimeError("worker killed")
            return original(this, partners, today, **kwargs)

        from unittest.mock import patch

        with (
            patch.object(processor_class, "_process_partners", crash_on_second),
            self.assertLogs("odoo.addons.base.models.ir_cron", "ERROR"),
        ):
            self._run(day(3))
        first = self.env["res.partner"].browse(first_id)
        self.assertEqual(len(self._events(first)), 1, "the first batch was committed")
        self.assertFalse(self._events(self.env["res.partner"].browse(second_id)))

        self._run(day(3))
        self.assertEqual(len(self._events(first)), 1, "nothing sent twice")
        self.assertEqual(len(self._events(self.env["res.partner"].browse(second_id))), 1)

    def test_decision_costs_the_same_queries_for_more_customers(self):
        """Set-based decision: customers with nothing due add no query to a batch."""

        def queries_for(count):
            partners = self.env["res.partner"]
            for index in range(count):
                partner = self._customer(f"Client{count}x{index} SARL")
                self._invoice(partner, 100, day(20))  # not due for weeks: nothing to send
                partners |= partner
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(day(0)):
                self.processor._process_partners(partners, day(0))
                self.env.flush_all()
            self.assertFalse(self._events(partners[0]))
            return self.env.cr.sql_log_count - before

        queries_for(1)  # warm the caches (scenario, levels, company)
        self.assertEqual(queries_for(3), queries_for(12))
