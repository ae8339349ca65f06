# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dunning_credit_hold_warning = fields.Char(
        string="Credit hold warning",
        compute="_compute_dunning_credit_hold_warning",
        help="Shown on a quotation whose customer is on dunning credit hold.",
    )

    @api.depends("partner_id", "company_id", "state")
    def _compute_dunning_credit_hold_warning(self):
        for order in self:
            order.dunning_credit_hold_warning = (
                order.partner_id._dunning_credit_hold_message(order.company_id)
                if order.state in ("draft", "sent") and order.partner_id and order.company_id
                else ""
            )

    @api.onchange("partner_id")
    def _onchange_partner_id_dunning_credit_hold(self):
        if self.dunning_credit_hold_warning:
            return {
                "warning": {
                    "title": self.env._("Customer on credit hold"),
                    "message": self.dunning_credit_hold_warning,
                }
            }

    def action_confirm(self):
        for order in self:
            order.partner_id._dunning_check_credit_hold(order.company_id, order.name)
        return super().action_confirm()
