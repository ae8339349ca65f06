# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountDunningValidateLine(models.TransientModel):
    _name = "account.dunning.validate.line"
    _description = "Prepared reminder to review"

    wizard_id = fields.Many2one("account.dunning.validate", required=True, ondelete="cascade")
    event_id = fields.Many2one("account.dunning.event", string="Reminder", required=True)
    partner_id = fields.Many2one(related="event_id.partner_id")
    company_id = fields.Many2one(related="event_id.company_id")
    currency_id = fields.Many2one(related="event_id.currency_id")
    level_id = fields.Many2one("account.dunning.level", compute="_compute_preview")
    channels = fields.Char(compute="_compute_preview")
    amount_due = fields.Monetary(
        string="Amount due", currency_field="currency_id", compute="_compute_preview"
    )
    invoice_names = fields.Char(string="Invoices", compute="_compute_preview")
    discard = fields.Boolean(help="Do not send this reminder; say why.")
    discard_reason = fields.Char(string="Why discard")

    @api.depends("event_id")
    def _compute_preview(self):
        """What sending would send now, decided anew (``_preview``): the customer may
        have paid since the night."""
        processor = self.env["account.dunning.processor"]
        Send = self.env["account.dunning.send"]
        previews = {}
        for company, lines in self.grouped(lambda line: line.event_id.company_id).items():
            partners = lines.event_id.partner_id
            for preview in processor.with_company(company)._preview(partners):
                previews[preview["partner"]] = preview
        for line in self:
            preview = previews.get(line.event_id.partner_id)
            if not preview:
                line.update(level_id=False, channels="", amount_due=0.0, invoice_names="")
                continue
            described = [Send._describe_channel(processor, *step) for step in preview["channels"]]
            line.level_id = preview["level"]
            line.channels = ", ".join(described) or preview["note"]
            line.amount_due = preview["amount_due"]
            line.invoice_names = ", ".join(preview["moves"].mapped("name"))
