# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "An instalment amount must be positive."
    )
