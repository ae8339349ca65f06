# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain

# Lines of history the screen shows for the customer.
HISTORY_SIZE = 10


class AccountDunningProcess(models.TransientModel):
    """The one-by-one screen: one customer at a time, its overdue invoices, the
    reminder due (its email editable), its history and contacts; send, skip with a
    reason, log a call or record a promise, and it moves on to the next customer.

    Every action goes through the processor (``_send_now``), the call wizard
    (``account.dunning.call``) or the history (``_log_event``): the screen decides
    nothing itself.
    """

    _name = "account.dunning.process"
    _description = "Process customers one by one"

    line_ids = fields.One2many("account.dunning.process.line", "process_id", string="Customers")
    line_id = fields.Many2one("account.dunning.process.line", string="Current", readonly=True)
    partner_id = fields.Many2one(related="line_id.partner_id", string="Customer")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_done = fields.Boolean(string="Done", compute="_compute_progress")
    progress = fields.Char(compute="_compute_progress")
    # the reminder due today, as the processor previews it
    level_id = fields.Many2one(
        "account.dunning.level", string="Reminder due", compute="_compute_reminder"
    )
    channels = fields.Char(compute="_compute_reminder")
    amount_due = fields.Monetary(
        string="Amount due", currency_field="currency_id", compute="_compute_reminder"
    )
    reminder_note = fields.Char(string="Note", compute="_compute_reminder")
    can_send = fields.Boolean(compute="_compute_reminder")
    has_email = fields.Boolean(string="Sends an email", compute="_compute_reminder")
    email_subject = fields.Char(
        string="Subject", compute="_compute_email", store=True, readonly=False
    )
    email_body = fields.Html(
        string="Email", compute="_compute_email", store=True, readonly=False, sanitize_style=True
    )
    skip_reason = fields.Char(string="Reason", help="Why this customer gets no reminder today.")
    # the customer's file
    move_ids = fields.Many2many(
        "account.move", string="Overdue invoices", compute="_compute_customer_file"
    )
    event_ids = fields.Many2many(
        "account.dunning.event", string="History", compute="_compute_customer_file"
    )
    contact_ids = fields.Many2many(
        "res.partner", string="Contacts", compute="_compute_customer_file"
    )

    def _compute_display_name(self):
        for process in self:
            process.display_name = self.env._("Process one by one")

    @api.depends("line_id", "line_ids")
    def _compute_progress(self):
        for process in self:
            lines = process.line_ids.sorted("sequence")
            process.is_done = bool(lines) and not process.line_id
            position = list(lines).index(process.line_id) + 1 if process.line_id else len(lines)
            process.progress = self.env._(
                "%(position)s of %(count)s", position=position, count=len(lines)
            )

    @api.depends("line_id")
    def _compute_reminder(self):
        for process in self:
            preview = process._preview()
            process.level_id = preview and preview["level"]
            process.amount_due = preview["amount_due"] if preview else 0.0
            process.can_send = bool(preview and preview["channels"])
            process.has_email = bool(
                preview
                and preview["level"].mail_template_id
                and any(
                    (channel == "email" and not reason) or fallback == "email"
                    for channel, reason, fallback in preview["channels"]
                )
            )
            process.channels = process._describe_channels(preview)
            process.reminder_note = preview["note"] if preview else ""

    @api.depends("line_id")
    def _compute_email(self):
        processor = self.env["account.dunning.processor"]
        today = fields.Date.context_today(self)
        for process in self:
            preview = process._preview()
            template = preview and preview["level"].mail_template_id
            if not (process.has_email and template):
                process.email_subject = process.email_body = False
                continue
            partner = process.partner_id
            summary = processor._prepare_summary(partner, preview["level"], preview["lines"], today)
            process.email_subject, process.email_body = processor._render_email(
                partner, template, summary
            )

    @api.depends("line_id")
    def _compute_customer_file(self):
        Call = self.env["account.dunning.call"]
        for process in self:
            partner = process.partner_id
            process.move_ids = Call._overdue_invoices(partner)
            process.event_ids = (
                self.env["account.dunning.event"].search(
                    [("partner_id", "=", partner.id), ("company_id", "=", self.env.company.id)],
                    limit=HISTORY_SIZE,
                )
                if partner
                else False
            )
            process.contact_ids = partner | partner.child_ids.filtered(
                lambda c: c.type in ("contact", "invoice")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Send the reminder due, as "Send now" does, with the email as edited here."""
        self.ensure_one()
        line = self._current_line()
        partner, level = line.partner_id, self.level_id
        processor = self.env["account.dunning.processor"]
        if self.has_email:
            if not (self.email_subject or "").strip():
                raise UserError(self.env._("The email needs a subject."))
            processor = processor.with_context(
                dunning_email_edits={
                    partner.id: {
                        "level_id": level.id,
                        "subject": self.email_subject,
                        "body": self.email_body,
                    }
                }
            )
        events = processor._send_now(partner).get(partner, self.env["account.dunning.event"])
        done = events.filtered(lambda e: e.state == "done")
        if done:
            channels = dict(done._fields["channel"]._description_selection(self.env))
            note = ", ".join(channels[c] for c in dict.fromkeys(done.mapped("channel")) if c)
            self._record_result(line, "sent", note)
        else:
            note = "; ".join(filter(None, events.mapped("reason"))) or self.env._(
                "Nothing was due any more."
            )
            self._record_result(line, "not_sent", note)
        return True

    def action_skip(self):
        """No reminder for this customer today: why is written in its history; a
        reminder the night prepared for it is discarded with that reason."""
        self.ensure_one()
        line = self._current_line()
        reason = (self.skip_reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why this customer is skipped."))
        partner = line.partner_id
        drafts = self.env["account.dunning.event"].search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "draft"),
            ]
        )
        if drafts:
            drafts._discard(reason)
        else:
            self.env["account.dunning.event"]._log_event(
                partner,
                "reminder",
                self.env._(
                    "Skipped by %(user)s in the one-by-one review: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                state="skipped",
                reason_code="skipped_by_hand",
                policy_id=partner.dunning_policy_id.id,
                level_id=self.level_id.id,
                amount_due=self.amount_due,
                move_ids=[Command.set(self.move_ids.ids)],
            )
        self._record_result(line, "skipped", reason)
        return True

    def action_log_call(self):
        return self._open_call(is_call=True)

    def action_record_promise(self):
        return self._open_call(is_call=False)

    def action_back_to_list(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_followup_action"
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _action_start(self, partners=None):
        """Open the screen on ``partners`` (commercial partners, in that order), or on
        the customers to act on today: the follow-up list's customers whose next
        reminder is due, or whose reminder waits for validation."""
        Call = self.env["account.dunning.call"]
        if partners is None:
            partners = self._partners_to_act_on()
            if not partners:
                return {
                    "type": "ir.actions.client",
                    "tag": "display_notification",
                    "params": {
                        "type": "info",
                        "title": self.env._("Nothing to do"),
                        "message": self.env._("No customer has a reminder to act on today."),
                    },
                }
        partners = partners.commercial_partner_id
        if not partners:
            raise UserError(self.env._("Select the customers to process."))
        for partner in partners:
            Call._check_can_chase(partner)
        process = self.create(
            {
                "line_ids": [
                    Command.create({"sequence": index, "partner_id": partner.id})
                    for index, partner in enumerate(partners)
                ]
            }
        )
        process.line_id = process.line_ids.sorted("sequence")[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Process one by one"),
            "res_model": self._name,
            "res_id": process.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _partners_to_act_on(self):
        """The follow-up list's customers (in its order) a reminder is due to today: the
        nightly run left it to a person (manual mode, prepared for validation) or could
        not send it. The night dates their next reminder tomorrow at the latest."""
        today = fields.Date.context_today(self)
        waiting = self.env["account.dunning.event"].search(
            [("state", "=", "draft"), ("company_id", "=", self.env.company.id)]
        )
        rows = self.env["account.dunning.followup"].search(
            Domain("amount_overdue", ">", 0)
            & (
                Domain("dunning_next_date", "=", False)
                | Domain("dunning_next_date", "<=", today + timedelta(days=1))
                | Domain("partner_id", "in", waiting.partner_id.ids)
            )
        )
        previews = self.env["account.dunning.processor"]._preview(rows.partner_id)
        due = {preview["partner"] for preview in previews if preview["channels"]}
        return rows.partner_id.filtered(lambda partner: partner in due)

    def _current_line(self):
        if not self.line_id:
            raise UserError(self.env._("Every customer of this list was processed."))
        return self.line_id

    def _record_result(self, line, result, note=""):
        """``line``'s customer was dealt with: on to the next one still to do."""
        line.write({"result": result, "result_note": note})
        if line == self.line_id:
            todo = self.line_ids.sorted("sequence").filtered(lambda ln: not ln.result)
            after = todo.filtered(lambda ln: ln.sequence > line.sequence)
            self.write({"line_id": (after or todo)[:1].id, "skip_reason": False})

    def _open_call(self, is_call):
        self.ensure_one()
        line = self._current_line()
        action = line.partner_id.action_dunning_log_call()
        action["context"] = dict(action["context"], dunning_process_line_id=line.id)
        if not is_call:
            action["name"] = self.env._("Record a promise to pay")
            action["context"].update(default_is_call=False, default_outcome="promised")
        return action

    def _preview(self):
        """The processor's preview of the current customer, or None."""
        self.ensure_one()
        if not self.partner_id:
            return None
        return self.env["account.dunning.processor"]._preview(self.partner_id)[0]

    def _describe_channels(self, preview):
        if not preview:
            return ""
        Send = self.env["account.dunning.send"]
        processor = self.env["account.dunning.processor"]
        return ", ".join(Send._describe_channel(processor, *step) for step in preview["channels"])
