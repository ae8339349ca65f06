# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class AccountDunningValidate(models.TransientModel):
    """Review the reminders a semi-automatic night prepared, then send them, or
    discard some with a reason, in one go."""

    _name = "account.dunning.validate"
    _description = "Review prepared reminders"

    line_ids = fields.One2many("account.dunning.validate.line", "wizard_id", string="Reminders")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "line_ids" in fields_list and not values.get("line_ids"):
            ids = self.env.context.get("active_ids") or []
            if self.env.context.get("active_model") != "account.dunning.event":
                ids = []
            drafts = self.env["account.dunning.event"].browse(ids).exists()
            drafts = drafts.filtered(lambda e: e.state == "draft")
            if not drafts:
                raise UserError(self.env._("Select reminders still to validate."))
            values["line_ids"] = [Command.create({"event_id": event.id}) for event in drafts]
        return values

    def action_confirm(self):
        """Discard the reminders marked so (each with its reason), send the others."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.event_id.state == "draft")
        if not lines:
            raise UserError(self.env._("These reminders were already sent or discarded."))
        to_discard = lines.filtered("discard")
        missing = to_discard.filtered(lambda line: not (line.discard_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Say why the reminder of %(partners)s is discarded.",
                    partners=", ".join(missing.event_id.partner_id.mapped("display_name")),
                )
            )
        for line in to_discard:
            line.event_id._discard(line.discard_reason.strip())
        to_send = (lines - to_discard).event_id
        if to_send:
            return to_send.action_validate()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Reminders discarded"),
                "message": self.env._(
                    "%(count)s reminders discarded, none sent.", count=len(to_discard)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
