# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# Fields a person may still change on an event that is no longer a draft.
_WRITABLE_WHEN_CLOSED = {"letter_printed"}


class AccountDunningEvent(models.Model):
    """One line of the chase history: what was (or was not) sent, when, and why."""

    _name = "account.dunning.event"
    _description = "Dunning event"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Date(required=True, default=fields.Date.context_today, index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    policy_id = fields.Many2one("account.dunning.policy", string="Scenario", readonly=True)
    level_id = fields.Many2one("account.dunning.level", readonly=True, index=True)
    channel = fields.Selection(
        [("email", "Email"), ("sms", "SMS"), ("letter", "Letter"), ("call", "Call task")],
        readonly=True,
    )
    state = fields.Selection(
        [
            ("draft", "To validate"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("skipped", "Skipped"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="done",
        readonly=True,
        index=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        readonly=True,
        check_company=True,
    )
    amount_due = fields.Monetary(
        string="Amount due",
        currency_field="currency_id",
        readonly=True,
        help="Overdue total at the time of the event, in the company currency.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    reason = fields.Text(readonly=True)
    reason_code = fields.Char(readonly=True, help="Technical code of the reason.")
    summary = fields.Json(readonly=True, help="The invoices and amounts as they were that day.")
    mail_message_id = fields.Many2one("mail.message", string="Message", readonly=True)
    activity_id = fields.Many2one("mail.activity", string="Task", readonly=True)
    letter_attachment_id = fields.Many2one("ir.attachment", string="Letter", readonly=True)
    letter_printed = fields.Boolean(string="Printed")
    user_id = fields.Many2one(
        "res.users", string="By", readonly=True, default=lambda self: self.env.user
    )

    def write(self, vals):
        if set(vals) - _WRITABLE_WHEN_CLOSED and self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._(
                    "The chase history is a record: a sent, failed or skipped event "
                    "cannot be changed."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        if self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._(
                    "The chase history is a record: only reminders still to validate "
                    "can be deleted."
                )
            )

    def action_validate(self):
        """Send the prepared reminders (semi-automatic mode)."""
        drafts = self.filtered(lambda e: e.state == "draft")
        if not drafts:
            raise UserError(self.env._("Only reminders still to validate can be sent."))
        self.env["account.dunning.processor"]._validate_drafts(drafts)

    def action_cancel(self):
        drafts = self.filtered(lambda e: e.state == "draft")
        drafts.write({"state": "cancelled"})

    def _get_letter_contact(self):
        self.ensure_one()
        return self.partner_id.browse(self.partner_id.address_get(["invoice"])["invoice"])

    def _letter_filename(self):
        self.ensure_one()
        return self.env._(
            "Dunning letter %(partner)s %(date)s (%(number)s).pdf",
            partner=self.partner_id.name,
            date=self.date,
            number=self.id,
        )

    def action_print_letters(self):
        letters = self.filtered(lambda e: e.channel == "letter" and e.state == "done")
        if not letters:
            raise UserError(self.env._("Select at least one sent letter to print."))
        letters.letter_printed = True
        return self.env.ref("account_dunning_pro.action_report_dunning_letter").report_action(
            letters
        )
