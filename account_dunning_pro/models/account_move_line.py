# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

# Line fields whose change moves a receivable from a partner, an account or a due date
# to another: the follow-up's summary of the partners is refreshed.
_FOLLOWUP_FIELDS = {"partner_id", "account_id", "date_maturity"}


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

    def _compute_amount_residual(self):
        # paid, partly paid or unreconciled: what the partners owe changes
        result = super()._compute_amount_residual()
        receivables = self.filtered(
            lambda line: line.parent_state == "posted" and line.account_type == "asset_receivable"
        )
        self.env["account.dunning.followup.summary"]._mark_dirty(receivables.partner_id)
        return result

    def write(self, vals):
        if not _FOLLOWUP_FIELDS.intersection(vals):
            return super().write(vals)
        summary = self.env["account.dunning.followup.summary"]
        summary._mark_dirty(self.partner_id)
        result = super().write(vals)
        summary._mark_dirty(self.partner_id)
        return result
