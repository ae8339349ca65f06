# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountDunningDisputeReason(models.Model):
    """Why a customer disputes an invoice: a list each company can adapt."""

    _name = "account.dunning.dispute.reason"
    _description = "Dispute reason"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to offer this reason in every company."
    )
