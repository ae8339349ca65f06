# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from odoo.addons.account_dunning_pro.tests.common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestSaleCreditHold(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_manager = new_test_user(
            cls.env,
            login="sale.dunning.manager",
            groups="sales_team.group_sale_salesman_all_leads,account_dunning_pro.group_dunning_manager",
        )
        # the customer reaches the first reminder, a credit-hold level
        cls.level[3].credit_hold = True
        cls._invoice(cls.customer, 400, day(0))

    def setUp(self):
        super().setUp()
        self._run(day(3))
        self.assertEqual(self.customer.dunning_level_id, self.level[3])

    def _quotation(self, user):
        with freeze_time(day(4)), Form(self.env["sale.order"].with_user(user)) as form:
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.partner_id = self.customer
            self.assertIn("Customer on credit hold", logs.output[0])
            self.assertIn("Credit hold", form.dunning_credit_hold_warning)
            with form.order_line.new() as line:
                line.product_id = self.product_a
                line.product_uom_qty = 2
        return form.record

    def test_warn_lets_the_sale_through(self):
        order = self._quotation(self.salesman)
        arch = order.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="dunning_credit_hold_warning"', arch)
        with freeze_time(day(4)):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dunning_credit_hold_warning)

    def test_block_refuses_a_salesperson_not_a_dunning_manager(self):
        self.company.dunning_credit_hold_mode = "block"
        order = self._quotation(self.salesman)
        self.assertIn("refused unless a Dunning Manager", order.dunning_credit_hold_warning)
        with freeze_time(day(4)), self.assertRaises(UserError) as caught:
            order.with_user(self.salesman).action_confirm()
        self.assertIn("credit hold", str(caught.exception))
        self.assertEqual(order.state, "draft")
        with freeze_time(day(4)):
            order.with_user(self.sales_manager).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_no_warning_once_the_debt_is_paid(self):
        invoice = self.env["account.move"].search([("partner_id", "=", self.customer.id)])
        self._pay(invoice, 400, day(5))
        self._run(day(6))
        self.assertFalse(self.customer.dunning_level_id)
        self.company.dunning_credit_hold_mode = "block"
        with freeze_time(day(6)), Form(self.env["sale.order"].with_user(self.salesman)) as form:
            form.partner_id = self.customer
            self.assertFalse(form.dunning_credit_hold_warning)
            with form.order_line.new() as line:
                line.product_id = self.product_a
        with freeze_time(day(6)):
            form.record.with_user(self.salesman).action_confirm()
        self.assertEqual(form.record.state, "sale")
