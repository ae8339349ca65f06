# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast

from odoo.tests import Form, freeze_time, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningViews(DunningCommon):
    """The configuration and follow-up screens, used as a person would through their forms."""

    def test_scenario_form_builds_a_scenario(self):
        friendly = self.env.ref("account_dunning_pro.mail_template_dunning_friendly")
        with Form(self.env["account.dunning.policy"]) as form:
            form.name = "Artisans"
            form.mode = "semi_automatic"
            form.min_amount = 20
            with form.level_ids.new() as level:
                level.name = "Petit rappel"
                level.delay = 5
                self.assertFalse(level._get_modifier("mail_template_id", "required"))
                level.send_email = True
                self.assertTrue(level._get_modifier("mail_template_id", "required"))
                level.mail_template_id = friendly
        policy = form.record
        self.assertEqual(policy.level_count, 1)
        self.assertRecordValues(
            policy.level_ids, [{"delay": 5, "send_email": True, "mail_template_id": friendly.id}]
        )
        profiles = self.env["account.dunning.risk.profile"].search([])
        self.assertEqual(set(profiles.mapped("code")), {"good", "standard", "bad", "key_account"})

    def test_promise_and_plan_forms(self):
        invoice = self._invoice(self.customer, 600, day(0))
        with freeze_time(day(0)), Form(self.env["account.dunning.promise"]) as promise:
            promise.partner_id = self.customer
            promise.move_ids.add(invoice)
            promise.amount = 600
            promise.date = day(10)
        self.assertEqual(promise.record.state, "open")
        with Form(self.env["account.dunning.payment.plan"]) as plan:
            plan.partner_id = self.customer
            plan.move_ids.add(invoice)
            with plan.line_ids.new() as line:
                line.date = day(10)
                line.amount = 600
        plan.record.action_activate()
        self.assertEqual(plan.record.state, "active")
        self.assertIn(self.customer.name, plan.record.name)

    def test_prepared_reminder_can_be_cancelled(self):
        self.policy.mode = "semi_automatic"
        self._invoice(self.customer, 400, day(0))
        self._run(day(3))
        draft = self._events()
        event_form = Form(draft)
        self.assertEqual(event_form.state, "draft")
        draft.action_cancel()
        self.assertEqual(draft.state, "cancelled")
        with freeze_time(day(3)):
            self.assertFalse(self._mails())

    def test_follow_up_menu_lists_customers_who_owe(self):
        self._invoice(self.customer, 400, day(0))
        paid_up = self._customer("Cave Dupuis")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_followup_action"
        )
        with freeze_time(day(1)):
            rows = self.env[action["res_model"]].search(ast.literal_eval(action["domain"] or "[]"))
        partners = rows.partner_id
        self.assertIn(self.customer, partners)
        self.assertNotIn(paid_up, partners)
