# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountDunningPaymentPlan(models.Model):
    """A payment plan (échéancier): the chase of its invoices pauses while it is kept."""

    _name = "account.dunning.payment.plan"
    _description = "Payment plan"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/", copy=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    line_ids = fields.One2many(
        "account.dunning.payment.plan.line", "plan_id", string="Instalments", copy=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("breached", "Breached"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True)

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for plan in self:
            plan.amount_total = sum(plan.line_ids.mapped("amount"))

    def action_activate(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft payment plan can be activated."))
            if not plan.move_ids or not plan.line_ids:
                raise UserError(
                    self.env._("A payment plan needs invoices and at least one instalment.")
                )
            residual = sum(plan.move_ids.mapped("amount_residual"))
            if plan.currency_id.compare_amounts(plan.amount_total, residual) != 0:
                raise UserError(
                    self.env._(
                        "The instalments total %(plan)s but the invoices still owe %(due)s.",
                        plan=plan.currency_id.format(plan.amount_total),
                        due=plan.currency_id.format(residual),
                    )
                )
            if plan.name == "/":
                plan.name = self.env._("Plan %(partner)s", partner=plan.partner_id.name)
        self.state = "active"

    def action_cancel(self):
        self.state = "cancelled"

    @api.model
    def _cron_settle(self, today):
        """Nightly, per company (``self.env.company``): settle what ``today`` decides."""
        return
