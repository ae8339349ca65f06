# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountDunningProcessLine(models.TransientModel):
    """A customer of the one-by-one screen, and what was done for it."""

    _name = "account.dunning.process.line"
    _description = "Customer processed one by one"
    _order = "sequence, id"

    process_id = fields.Many2one("account.dunning.process", required=True, ondelete="cascade")
    sequence = fields.Integer()
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    result = fields.Selection(
        [
            ("sent", "Reminder sent"),
            ("not_sent", "Nothing sent"),
            ("skipped", "Skipped"),
            ("called", "Call logged"),
            ("promised", "Promise recorded"),
        ],
        readonly=True,
    )
    result_note = fields.Char(string="Details", readonly=True)
