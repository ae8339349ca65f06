# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_amount, format_date


class AccountDunningPromise(models.Model):
    """A customer's promise to pay: its invoices are not chased until the promised date."""

    _name = "account.dunning.promise"
    _description = "Promise to pay"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
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
        " ('state', '=', 'posted')]",
    )
    amount = fields.Monetary(required=True, tracking=True)
    date = fields.Date(string="Promised for", required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    note = fields.Text()

    _amount_positive = models.Constraint("CHECK(amount > 0)", "A promised amount must be positive.")

    @api.depends("partner_id", "amount", "date")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(partner)s: %(amount)s promised for %(date)s",
                partner=promise.partner_id.name or "",
                amount=format_amount(self.env, promise.amount, promise.currency_id),
                date=format_date(self.env, promise.date),
            )

    @api.model
    def _cron_settle(self, today):
        """Nightly, per company (``self.env.company``): settle what ``today`` decides."""
        return
