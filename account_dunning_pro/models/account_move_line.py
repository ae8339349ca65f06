# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # On the lines of a penalty invoice: which late invoice's penalty they charge.
    # The late invoice reads from them what was charged (see account.move).
    dunning_penalty_origin_id = fields.Many2one(
        "account.move",
        string="Penalty of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The late invoice whose late interest or recovery indemnity this line charges.",
    )
    dunning_penalty_kind = fields.Selection(
        [("interest", "Late interest"), ("indemnity", "Recovery indemnity")],
        string="Penalty",
        readonly=True,
        copy=False,
    )
    dunning_interest_date_from = fields.Date(string="Interest from", readonly=True, copy=False)
    dunning_interest_date_to = fields.Date(string="Interest to", readonly=True, copy=False)
