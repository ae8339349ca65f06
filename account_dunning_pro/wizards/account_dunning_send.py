# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount


class AccountDunningSend(models.TransientModel):
    """Send now: the reminder due today, whatever the customer's mode, previewed first."""

    _name = "account.dunning.send"
    _description = "Send dunning reminders now"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    preview_html = fields.Html(string="Preview", compute="_compute_preview", sanitize=False)
    due_count = fields.Integer(compute="_compute_preview")

    @api.depends("partner_ids")
    def _compute_preview(self):
        processor = self.env["account.dunning.processor"]
        for wizard in self:
            previews = processor._preview(wizard.partner_ids._origin)
            wizard.due_count = sum(1 for preview in previews if preview["channels"])
            wizard.preview_html = self._render_preview(previews) if previews else False

    @api.model
    def _render_preview(self, previews):
        processor = self.env["account.dunning.processor"]
        currency = self.env.company.currency_id
        rows = []
        for preview in previews:
            channels = Markup("<br/>").join(
                self._describe_channel(processor, *step) for step in preview["channels"]
            )
            rows.append(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
                % (
                    preview["partner"].display_name,
                    preview["level"].name or "",
                    channels or Markup("<em>%s</em>") % preview["note"],
                    format_amount(self.env, preview["amount_due"], currency)
                    if preview["level"]
                    else "",
                )
            )
        head = Markup("").join(
            Markup("<th>%s</th>") % label
            for label in (
                self.env._("Customer"),
                self.env._("Level"),
                self.env._("Channels"),
                self.env._("Amount due"),
            )
        )
        return Markup(
            "<table class='table table-sm'><thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
        ) % (head, Markup("").join(rows))

    @api.model
    def _describe_channel(self, processor, channel, reason, fallback):
        label = processor._channel_label(channel)
        if not reason:
            return label
        if fallback:
            return self.env._(
                "%(fallback)s instead of %(channel)s (%(reason)s)",
                fallback=processor._channel_label(fallback),
                channel=label,
                reason=reason,
            )
        return self.env._("no %(channel)s: %(reason)s", channel=label, reason=reason)

    def action_send(self):
        self.ensure_one()
        results = self.env["account.dunning.processor"]._send_now(self.partner_ids)
        Event = self.env["account.dunning.event"]
        return Event._action_open_sent(Event.concat(*results.values()), self.partner_ids)
