# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class AccountDunningDiscard(models.TransientModel):
    """Discard reminders the nightly run prepared, and say why: the reason stays in
    the customer's chase history."""

    _name = "account.dunning.discard"
    _description = "Discard prepared reminders"

    event_ids = fields.Many2many(
        "account.dunning.event",
        string="Reminders",
        required=True,
        domain=[("state", "=", "draft")],
    )
    reason = fields.Text(required=True, help="Why these reminders are not sent.")

    def action_discard(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the reminders are discarded."))
        drafts = self.event_ids.filtered(lambda e: e.state == "draft")
        if not drafts:
            raise UserError(self.env._("Only reminders still to validate can be discarded."))
        drafts._discard(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
