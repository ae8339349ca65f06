# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class AccountDunningSend(models.TransientModel):
    """Send now: the reminder due today, whatever the customer's mode."""

    _name = "account.dunning.send"
    _description = "Send dunning reminders now"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)

    def action_send(self):
        self.ensure_one()
        results = self.env["account.dunning.processor"]._send_now(self.partner_ids)
        events = self.env["account.dunning.event"].concat(*results.values())
        if not events:
            raise UserError(
                self.env._(
                    "Nothing is due today for %(partners)s: no reminder was sent.",
                    partners=", ".join(self.partner_ids.mapped("display_name")),
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_event_action"
        )
        action["domain"] = [("id", "in", events.ids)]
        action["context"] = {}
        return action
