# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Dunning level",
        readonly=True,
        copy=False,
        index=True,
        help="Highest dunning level that already reminded this invoice.",
    )
    dunning_count = fields.Integer(string="Reminders", readonly=True, copy=False)
    dunning_last_date = fields.Date(string="Last reminder", readonly=True, copy=False)
