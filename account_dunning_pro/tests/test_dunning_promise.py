# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import format_amount, format_date

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningPromise(DunningCommon):
    """Promises to pay, recorded by a credit controller and settled by the nightly run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="promise.controller",
            groups="account_dunning_pro.group_dunning_user",
            company_id=cls.company.id,
        )
        cls.company.dunning_grace_days = 3

    # ---- helpers ---------------------------------------------------------------

    def _record(self, partner, on, **changes):
        """The controller records a promise on day ``on`` from the customer's Dunning tab:
        the form comes filled with the customer and its overdue invoices."""
        with freeze_time(on):
            action = partner.with_user(self.controller).action_dunning_record_promise()
            Promise = self.env[action["res_model"]].with_user(self.controller)
            with Form(Promise.with_context(**action["context"])) as form:
                for name, value in changes.items():
                    setattr(form, name, value)
        return form.record

    def _promise(self, invoices, amount, date, on, partner=None):
        """The controller records a promise on day ``on`` (through the ORM)."""
        with freeze_time(on):
            return (
                self.env["account.dunning.promise"]
                .with_user(self.controller)
                .create(
                    {
                        "partner_id": (partner or self.customer).id,
                        "move_ids": [Command.set(invoices.ids)],
                        "amount": amount,
                        "date": date,
                    }
                )
            )

    @contextmanager
    def _refused(self, message, exception=ValidationError):
        """The action is refused with an error that says ``message``."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(message, str(caught.exception))

    def _money(self, amount):
        return format_amount(self.env, amount, self.company.currency_id)

    def _situation(self, partner=None):
        return self._events(partner, event_type="promise")

    # ---- the chase pauses, then the promise is kept ------------------------------

    def test_promise_pauses_the_chase_then_two_payments_keep_it(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        self._run(day(3))
        self.assertEqual(self._events().level_id, self.level[3])

        promise = self._record(self.customer, day(5), amount=600, date=day(20))
        self.assertRecordValues(
            promise,
            [
                {
                    "partner_id": self.customer.id,
                    "move_ids": invoice.ids,
                    "state": "open",
                    "recorded_date": day(5),
                    "deadline": day(23),
                }
            ],
        )
        # the firm reminder was due on day 15: the promise holds it back
        self._pay(invoice, 250, day(8))
        for night in (9, 15, 16):
            self._run(day(night))
        self.assertEqual(len(self._events()), 1, "no reminder while the promise runs")
        self.assertEqual(promise.state, "open")
        self.assertEqual(promise.with_user(self.controller).amount_paid, 250)

        self._pay(invoice, 350, day(18))
        self._run(day(18))
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.settled_date, day(18))
        kept = self._situation()
        self.assertEqual(
            kept.reason,
            f"Promise of {self._money(600)} for {format_date(self.env, day(20))} kept: "
            f"{self._money(600)} paid.",
        )
        self.assertRecordValues(kept, [{"date": day(18), "move_ids": invoice.ids}])
        self.assertFalse(self.customer.dunning_escalate)
        # the rest of the debt is chased again, at its normal pace
        firm = self._events(level_id=self.level[15].id)
        self.assertEqual(firm.mapped("date"), [day(18)] * len(firm))
        self.assertEqual(firm[0].amount_due, 400)

    def test_payment_after_the_grace_period_does_not_keep_the_promise(self):
        invoice = self._invoice(self.customer, 500, day(0))
        promise = self._promise(invoice, 500, day(6), day(4))
        self._pay(invoice, 200, day(9))  # the last day of grace: it counts
        self._pay(invoice, 300, day(10))  # one day too late
        self._run(day(10))
        self.assertEqual(promise.state, "broken")
        self.assertIn(f"only {self._money(200)} paid", self._situation().reason)

    # ---- the promise is broken: the chase escalates the same night ---------------

    def test_broken_promise_escalates_to_the_next_level_the_same_night(self):
        invoice = self._invoice(self.customer, 1000, day(0))
        twin = self._customer("Patisserie Durand SARL")
        self._invoice(twin, 1000, day(0))
        self._run(day(3))
        self.assertEqual(self.customer.dunning_level_id, self.level[3])
        self.assertEqual(twin.dunning_level_id, self.level[3])

        promise = self._record(self.customer, day(4), date=day(6))
        self.assertEqual(promise.amount, 1000, "the overdue invoices' total, prefilled")
        self._pay(invoice, 300, day(5))
        self._run(day(9))  # the last day of grace
        self.assertEqual(promise.state, "open")

        self._run(day(10))
        self.assertEqual(promise.state, "broken")
        broken = self._situation()
        self.assertEqual(
            broken.reason,
            f"Promise of {self._money(1000)} for {format_date(self.env, day(6))} broken: "
            f"only {self._money(300)} paid by {format_date(self.env, day(9))}. "
            "The chase resumes at the next level.",
        )
        self.assertEqual(broken.reason_code, "promise_broken")
        # the firm reminder goes out that night, five days before its delay...
        firm = self._events(level_id=self.level[15].id, channel="email")
        self.assertRecordValues(firm, [{"date": day(10), "state": "done", "amount_due": 700}])
        self.assertEqual(self.customer.dunning_level_id, self.level[15])
        self.assertFalse(self.customer.dunning_escalate, "escalated once, then back to normal")
        self.assertEqual(self.customer.dunning_next_date, day(30))
        # ... while the same debt without the broken promise waits for it
        self.assertEqual(self._events(twin).level_id, self.level[3])
        self.assertEqual(twin.dunning_next_date, day(15))
        self._run(day(11))
        self.assertEqual(len(self._events(level_id=self.level[15].id, channel="email")), 1)
        self._run(day(15))
        self.assertEqual(self._events(twin)[-1].level_id, self.level[15])

    def test_broken_promise_of_a_customer_never_reminded_starts_the_chase_at_once(self):
        self.policy.level_ids.filtered(lambda lv: lv.delay == 3).delay = 5
        invoice = self._invoice(self.customer, 400, day(0))
        promise = self._promise(invoice, 400, day(0), day(-2))
        self._run(day(3))  # the last day of grace
        self.assertFalse(self._events())
        self._run(day(4))
        self.assertEqual(promise.state, "broken")
        self.assertEqual(self._events().level_id.delay, 5, "sent one day before its delay")

    # ---- bad input --------------------------------------------------------------

    def test_bad_promises_are_refused_with_their_reason(self):
        invoice = self._invoice(self.customer, 500, day(0))
        paid = self._invoice(self.customer, 100, day(0))
        self._pay(paid, 100, day(1))
        other = self._invoice(self._customer("Garage Petit SARL"), 300, day(0))
        refund = self._invoice(self.customer, 50, day(0), move_type="out_refund")
        cases = [
            ({"date": day(4)}, "cannot be for a day in the past (03/06/2026)"),
            ({"amount": 0}, "The promised amount must be more than zero."),
            ({"amount": -10}, "The promised amount must be more than zero."),
            ({"invoices": invoice.browse()}, "Choose the invoices the customer promises to pay."),
            ({"invoices": paid}, f"{paid.name}: already paid, there is nothing left to promise."),
            ({"invoices": invoice | other}, f"{other.name}: not an invoice of Boulangerie Martin"),
            ({"invoices": refund}, "only posted customer invoices can be promised"),
            (
                {"amount": 501},
                f"The promised amount ({self._money(501)}) is more than the invoices still owe "
                f"({self._money(500)}).",
            ),
        ]
        for change, message in cases:
            with self.subTest(message=message), self._refused(message):
                values = {"invoices": invoice, "amount": 500, "date": day(10), **change}
                self._promise(values["invoices"], values["amount"], values["date"], day(5))

        promise = self._promise(invoice, 500, day(10), day(5))
        with freeze_time(day(12)), self._refused("cannot be for a day in the past (03/13/2026)"):
            promise.with_user(self.controller).date = day(11)
        with freeze_time(day(6)):
            promise.with_user(self.controller).date = day(8)  # moved, still ahead: fine
        # what was paid since the promise counts towards what may be promised
        self._pay(invoice, 200, day(6))
        with freeze_time(day(6)):
            promise.with_user(self.controller).amount = 450
        with freeze_time(day(6)), self._refused(f"still owe ({self._money(500)})"):
            promise.with_user(self.controller).amount = 501

    def test_settled_promise_is_part_of_the_record(self):
        invoice = self._invoice(self.customer, 500, day(0))
        promise = self._promise(invoice, 500, day(6), day(4))
        self._run(day(10))
        self.assertEqual(promise.state, "broken")
        promise = promise.with_user(self.controller)
        promise.note = "Le client a appelé : virement en route."
        with self._refused("only its note can be changed", UserError):
            promise.amount = 100
        with self._refused("it cannot be deleted", UserError):
            promise.unlink()
        form = Form(promise)
        self.assertTrue(form._get_modifier("amount", "readonly"))

    def test_contact_promise_belongs_to_the_customer(self):
        invoice = self._invoice(self.customer, 500, day(0))
        contact = self.env["res.partner"].create(
            {"name": "Jean Martin", "parent_id": self.customer.id, "type": "contact"}
        )
        promise = self._record(contact, day(5), date=day(8))
        self.assertEqual(promise.partner_id, self.customer)
        self.assertEqual(promise.move_ids, invoice)

    # ---- the follow-up list -------------------------------------------------------

    def test_follow_up_list_shows_the_pause_until_the_grace_period_ends(self):
        invoice = self._invoice(self.customer, 500, day(0))
        self._promise(invoice, 500, day(10), day(5))

        def row(on):
            Followup = self.env["account.dunning.followup"].with_user(self.controller)
            Followup.invalidate_model()
            with freeze_time(on):
                [values] = Followup.search_read(
                    [("partner_id", "=", self.customer.id)], ["pause", "promise_date"]
                )
                paused = self.processor._paused_move_ids(self.customer, on)
            return values["pause"], values["promise_date"], paused

        self.assertEqual(row(day(10)), ("promise", day(10), set(invoice.ids)))
        self.assertEqual(row(day(13)), ("promise", day(10), set(invoice.ids)), "grace period")
        self.assertEqual(row(day(14)), (False, False, set()))

    # ---- set-based settlement ------------------------------------------------------

    def test_settling_costs_the_same_queries_for_more_promises(self):
        """Kept, broken and still running promises: a constant number of queries."""

        def queries_for(count):
            for index in range(count):
                partner = self._customer(f"Client{count}x{index} SARL")
                invoice = self._invoice(partner, 100, day(0))
                outcome = index % 3  # 0 kept, 1 broken, 2 still running
                self._promise(invoice, 100, day(8) if outcome == 2 else day(1), day(0), partner)
                if outcome == 0:
                    self._pay(invoice, 100, day(1))
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(day(5)):
                self.env["account.dunning.promise"]._cron_settle(day(5))
                self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
            settled = self.env["account.dunning.promise"].search(
                [("partner_id.name", "=like", f"Client{count}x%")]
            )
            self.assertEqual(
                sorted(settled.mapped("state")),
                sorted(["kept", "broken", "open"][i % 3] for i in range(count)),
            )
            return queries

        queries_for(3)  # warm the caches
        self.assertEqual(queries_for(10), queries_for(30))
