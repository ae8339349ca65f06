# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningRisk(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env,
            login="risk.controller",
            name="Claire Recouvrement",
            # a credit controller who keeps the customer records
            groups="account_dunning_pro.group_dunning_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="risk.manager",
            name="Marc Directeur",
            groups="account_dunning_pro.group_dunning_manager",
        )
        cls.risk_cron = cls.env.ref("account_dunning_pro.ir_cron_dunning_risk")
        cls.profile = {
            code: cls.env.ref(f"account_dunning_pro.account_dunning_risk_profile_{code}")
            for code in ("good", "standard", "bad", "key_account")
        }
        cls.bad_policy = cls.env.ref("account_dunning_pro.account_dunning_policy_bad_payer")
        cls.bad_firm = cls.env.ref("account_dunning_pro.account_dunning_level_bad_payer_firm")

    def _rescore(self, on):
        """The risk rescoring, through its real cron, on day ``on``."""
        with freeze_time(on), self.enter_registry_test_mode():
            self.risk_cron.method_direct_trigger()
        self.env.invalidate_all()

    def _late_payer(self, partner):
        """A year of bad behaviour: 1,000 paid 60 days late, and 500 due on ``day(0)``."""
        old = self._invoice(partner, 1000, day(-100))
        self._pay(old, 1000, day(-40))
        self._invoice(partner, 500, day(0))

    def _profile_events(self, partner):
        return self._events(partner, event_type="profile_change")

    # ---- score -> profile -> scenario -> reminder ------------------------------------

    def test_bad_payer_is_scored_and_chased_by_the_bad_payer_scenario(self):
        self._late_payer(self.customer)
        form = Form(self.customer.with_user(self.controller))
        self.assertEqual(form.dunning_policy_id, self.policy)
        self.assertEqual(form.dunning_policy_reason, "Company default")

        self._rescore(day(1))
        # 40 x 40.33/60 (1,000 paid 60 days late and 500 one day late so far: 40.33 days
        # on average) + 20 (every invoice late) + 25 (all the open balance overdue)
        self.assertEqual(self.customer.risk_score, 71.9)
        self.assertEqual(self.customer.risk_score_date, day(1))
        self.assertEqual(self.customer.risk_profile_id, self.profile["bad"])
        form = Form(self.customer.with_user(self.controller))
        self.assertEqual(form.dunning_policy_id, self.bad_policy)
        self.assertEqual(form.dunning_policy_reason, "From its risk profile Bad payer")
        event = self._profile_events(self.customer)
        self.assertEqual(len(event), 1)
        self.assertEqual(
            event.reason,
            "Risk profile (none) → Bad payer: score 71.9 in the Bad payer range 50–100.",
        )
        self.assertEqual(event.policy_id, self.bad_policy)

        # the nightly run the same day: the bad payer's firm reminder on the first day
        # late, where the standard scenario would wait for day 3
        self._run(day(1))
        reminders = self._events(event_type="reminder")
        self.assertEqual(set(reminders.level_id.ids), {self.bad_firm.id})
        self.assertEqual(set(reminders.mapped("state")), {"done"})
        self.assertEqual(self.customer.dunning_level_id, self.bad_firm)

    def test_good_payer_stays_good_and_the_score_follows_a_year(self):
        invoice = self._invoice(self.customer, 800, day(-30))
        self._pay(invoice, 800, day(-32))  # paid before its due date
        self._rescore(day(1))
        self.assertEqual(self.customer.risk_score, 0.0)
        self.assertEqual(self.customer.risk_profile_id, self.profile["good"])
        # a second rescoring the same day changes nothing, writes nothing
        self._rescore(day(1))
        self.assertEqual(len(self._profile_events(self.customer)), 1)

    def test_a_customer_who_does_not_pay_at_all_is_a_bad_payer(self):
        # nothing ever paid: the open invoice is late up to today
        self._invoice(self.customer, 900, day(0))
        self._rescore(day(70))
        # 40 (70 days late, capped at 60) + 0 (nothing paid yet) + 25 (all overdue)
        self.assertEqual(self.customer.risk_score, 65.0)
        self.assertEqual(self.customer.risk_profile_id, self.profile["bad"])

    def test_an_invoice_in_dispute_is_not_held_against_the_customer(self):
        disputed = self._invoice(self.customer, 900, day(0))
        with freeze_time(day(10)):
            self.env["account.dunning.dispute"].create(
                {
                    "move_id": disputed.id,
                    "reason_id": self.env.ref(
                        "account_dunning_pro.account_dunning_dispute_reason_price"
                    ).id,
                    "deadline": day(90),
                }
            )
        self._rescore(day(70))
        self.assertEqual(self.customer.risk_score, 0.0)

    def test_history_older_than_a_year_ages_out(self):
        self._late_payer(self.customer)
        self._rescore(day(1))
        self.assertEqual(self.customer.risk_profile_id, self.profile["bad"])
        open_invoice = self.env["account.move"].search(
            [("partner_id", "=", self.customer.id), ("payment_state", "=", "not_paid")]
        )
        self._pay(open_invoice, 500, day(2))
        # 14 months later the late payments are out of the window: nothing left
        self._rescore(day(420))
        self.assertEqual(self.customer.risk_score, 0.0)
        self.assertEqual(self.customer.risk_profile_id, self.profile["good"])
        self.assertIn(
            "score 0 in the Good payer range 0–25", self._profile_events(self.customer)[-1].reason
        )

    def test_broken_promises_and_breached_plans_raise_the_score(self):
        invoice = self._invoice(self.customer, 600, day(0))
        with freeze_time(day(0)):
            promise = self.env["account.dunning.promise"].create(
                {
                    "partner_id": self.customer.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "amount": 600,
                    "date": day(10),
                }
            )
            plan = self.env["account.dunning.payment.plan"].create(
                {
                    "partner_id": self.customer.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "line_ids": [Command.create({"date": day(20), "amount": 600})],
                }
            )
        # as the nightly run settles them: broken, breached
        promise.state = "broken"
        plan.state = "breached"
        self._rescore(day(30))
        # 40 x 30/60 (30 days late so far) + 25 (all overdue) + 15 (two incidents)
        self.assertEqual(self.customer.risk_score, 60.0)
        self.assertEqual(self.customer.risk_profile_id, self.profile["bad"])

    # ---- pinned profiles and key accounts --------------------------------------------

    def test_pinned_profile_is_never_overwritten(self):
        with Form(self.customer.with_user(self.controller)) as form:
            form.risk_profile_id = self.profile["good"]
            form.risk_profile_locked = True
        self._late_payer(self.customer)
        self._rescore(day(1))
        self.assertEqual(self.customer.risk_profile_id, self.profile["good"])
        self.assertEqual(self.customer.risk_score, 71.9, "the score is still updated")
        self.assertEqual(len(self._profile_events(self.customer)), 1, "only the change by hand")
        self._run(day(1))
        self.assertFalse(self._events(event_type="reminder"), "the standard scenario waits")

    def test_key_account_is_only_set_by_hand_and_pins_itself(self):
        with Form(self.customer.with_user(self.controller)) as form:
            form.risk_profile_id = self.profile["key_account"]
        self.assertTrue(self.customer.risk_profile_locked, "setting key account pins it")
        event = self._profile_events(self.customer)
        self.assertEqual(
            event.reason,
            "Risk profile (none) → Key account: set by hand by Claire Recouvrement (score 0).",
        )
        self.assertEqual(event.user_id, self.controller)
        self._late_payer(self.customer)
        # even unpinned, a profile set by hand only is never replaced by the score
        self.customer.with_user(self.controller).risk_profile_locked = False
        punctual = self._customer("Pharmacie Lambert")
        invoice = self._invoice(punctual, 300, day(-20))
        self._pay(invoice, 300, day(-20))
        self._rescore(day(1))
        self.assertEqual(self.customer.risk_profile_id, self.profile["key_account"])
        self.assertEqual(punctual.risk_profile_id, self.profile["good"])
        self.assertFalse(
            self.env["res.partner"].search_count(
                [
                    ("risk_profile_id", "=", self.profile["key_account"].id),
                    ("id", "!=", self.customer.id),
                ]
            ),
            "the score never makes a key account",
        )

    def test_forced_scenario_wins_and_says_so(self):
        self.customer.risk_profile_id = self.profile["bad"]
        form = Form(self.customer.with_user(self.controller))
        form.dunning_policy_forced_id = self.policy
        self.assertEqual(form.dunning_policy_id, self.policy)
        self.assertEqual(form.dunning_policy_reason, "Set on the customer")
        arch = self.customer.with_user(self.controller).get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="dunning_policy_reason"', arch)

    def test_profile_change_by_hand_is_in_the_history(self):
        self.customer.with_user(self.controller).risk_profile_id = self.profile["standard"]
        self.customer.with_user(self.controller).risk_profile_id = self.profile["bad"]
        events = self._profile_events(self.customer)
        self.assertEqual(
            events.mapped("reason"),
            [
                "Risk profile (none) → Standard: set by hand by Claire Recouvrement (score 0).",
                "Risk profile Standard → Bad payer: set by hand by Claire Recouvrement (score 0).",
            ],
        )
        self.assertFalse(self.customer.risk_profile_locked, "only key account pins itself")

    # ---- score ranges ------------------------------------------------------------------

    def test_score_ranges_cannot_overlap(self):
        Profile = self.env["account.dunning.risk.profile"].with_user(self.manager)
        with self.assertRaises(ValidationError) as caught:
            Profile.create(
                {
                    "name": "Watch",
                    "code": "watch",
                    "policy_id": self.policy.id,
                    "score_min": 40,
                    "score_max": 60,
                }
            )
        self.assertIn("overlap", str(caught.exception))
        # moving the bounds together keeps the ranges apart
        self.profile["standard"].with_user(self.manager).score_max = 40
        self.profile["bad"].with_user(self.manager).score_min = 40
        self.assertEqual(self.profile["bad"].score_range_display, "40–100")
        self.assertEqual(self.profile["key_account"].score_range_display, "Set by hand")
        with self.assertRaises(ValidationError) as caught:
            self.profile["bad"].with_user(self.manager).score_max = 120
        self.assertIn("within 0 and 100", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.profile["good"].with_user(self.manager).write({"score_min": 30, "score_max": 20})
        self.assertIn("within 0 and 100", str(caught.exception))

    # ---- set-based ---------------------------------------------------------------------

    def test_rescoring_queries_do_not_grow_with_the_customers(self):
        def queries_for(count):
            for index in range(count):
                partner = self._customer(
                    f"Client{count}x{index} SARL", risk_profile_id=self.profile["good"].id
                )
                invoice = self._invoice(partner, 100, day(-20))
                self._pay(invoice, 100, day(-20))
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self._rescore(day(1))
            return self.env.cr.sql_log_count - before

        queries_for(1)  # warm the caches (profiles, company, cron)
        self.assertEqual(queries_for(10), queries_for(50))
        scored = self.env["res.partner"].search([("name", "=like", "Client50x%")])
        self.assertEqual(len(scored), 50)
        self.assertEqual(set(scored.mapped("risk_score_date")), {day(1)})

    # ---- credit hold -----------------------------------------------------------------

    def _hold_at_first_reminder(self):
        self.level[3].credit_hold = True
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        self.assertEqual(self.customer.dunning_level_id, self.level[3])

    def _draft_invoice(self, user):
        with (
            freeze_time(day(4)),
            Form(
                self.env["account.move"]
                .with_user(user)
                .with_context(default_move_type="out_invoice")
            ) as form,
        ):
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.partner_id = self.customer
            self.assertIn("Customer on credit hold", logs.output[0])
            self.assertIn("Credit hold", form.dunning_credit_hold_warning)
            with form.invoice_line_ids.new() as line:
                line.name = "Livraison"
                line.price_unit = 250
                line.tax_ids.clear()
        return form.record

    def test_credit_hold_warns_and_lets_the_invoice_through(self):
        self._hold_at_first_reminder()
        partner_form = Form(self.customer.with_user(self.controller))
        self.assertTrue(partner_form.dunning_credit_hold)
        self.assertIn("Friendly reminder", partner_form.dunning_credit_hold_message)
        invoice = self._draft_invoice(self.controller)
        arch = invoice.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="dunning_credit_hold_warning"', arch)
        with freeze_time(day(4)):
            invoice.with_user(self.controller).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(invoice.dunning_credit_hold_warning, "only drafts carry the warning")

    def test_credit_hold_blocks_a_dunning_user_not_a_manager(self):
        self.company.dunning_credit_hold_mode = "block"
        self._hold_at_first_reminder()
        invoice = self._draft_invoice(self.controller)
        self.assertIn("refused unless a Dunning Manager", invoice.dunning_credit_hold_warning)
        with freeze_time(day(4)), self.assertRaises(UserError) as caught:
            invoice.with_user(self.controller).action_post()
        self.assertIn("credit hold", str(caught.exception))
        self.assertEqual(invoice.state, "draft")
        with freeze_time(day(4)):
            invoice.with_user(self.manager).action_post()
        self.assertEqual(invoice.state, "posted")

    def test_no_hold_below_the_credit_hold_level(self):
        self.company.dunning_credit_hold_mode = "block"
        self.level[30].credit_hold = True
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        self.assertFalse(self.customer.dunning_credit_hold)
        invoice = self._invoice(self.customer, 100, day(30), post=False)
        with freeze_time(day(4)):
            invoice.with_user(self.controller).action_post()
        self.assertEqual(invoice.state, "posted")
