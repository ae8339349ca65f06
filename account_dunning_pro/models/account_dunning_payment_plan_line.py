# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..engine import allocate


class AccountDunningPaymentPlanLine(models.Model):
    _name = "account.dunning.payment.plan.line"
    _description = "Payment plan instalment"
    _order = "date, id"

    plan_id = fields.Many2one(
        "account.dunning.payment.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_allocation",
        help="The payments on the plan's invoices, allocated to the instalments in date order.",
    )
    amount_left = fields.Monetary(string="Left to pay", compute="_compute_allocation")
    state = fields.Selection(
        [("paid", "Paid"), ("partial", "Partly paid"), ("due", "To pay"), ("late", "Late")],
        compute="_compute_allocation",
    )

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "An instalment amount must be positive."
    )

    @api.depends(
        "amount", "date", "plan_id.amount_paid", "plan_id.line_ids.amount", "plan_id.line_ids.date"
    )
    def _compute_allocation(self):
        today = fields.Date.context_today(self)
        for plan in self.plan_id:
            lines = plan.line_ids.sorted(lambda line: (line.date or today, line._origin.id or 0))
            parts = allocate(
                plan.amount_paid,
                [max(line.amount, 0.0) for line in lines],
                plan.currency_id.decimal_places,
            )
            for line, paid in zip(lines, parts, strict=True):
                if line in self:
                    line._set_allocation(paid, today)
        for line in self - self.plan_id.line_ids:
            line._set_allocation(0.0, today)

    def _set_allocation(self, paid, today):
        self.amount_paid = paid
        self.amount_left = self.currency_id.round(self.amount - paid)
        if self.currency_id.is_zero(self.amount_left):
            self.state = "paid"
        elif self.date and self.date < today:
            self.state = "late"
        elif paid:
            self.state = "partial"
        else:
            self.state = "due"

    @api.constrains("amount")
    def _check_plan_total(self):
        self.plan_id._check_lines_total()
