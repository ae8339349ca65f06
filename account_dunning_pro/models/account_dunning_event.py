# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .channels import CHANNEL_SELECTION
from .ir_qweb import INLINE_CSS

# What a line of the chase history records. Every type but "reminder" is a change
# in the customer's situation, written with ``_log_event``.
EVENT_TYPES = [
    ("reminder", "Reminder"),
    ("level_change", "Level change"),
    ("profile_change", "Risk profile change"),
    ("promise", "Promise to pay"),
    ("plan", "Payment plan"),
    ("dispute", "Dispute"),
    ("penalty", "Penalties"),
    ("thank_you", "Thank-you"),
    ("closing", "Chase closed"),
    ("call", "Call"),
]

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
    event_type = fields.Selection(
        EVENT_TYPES,
        string="Type",
        required=True,
        default="reminder",
        readonly=True,
        index=True,
        help="A reminder sent (or not) by a channel, or a change in the customer's situation "
        "recorded in its history.",
    )
    channel = fields.Selection(CHANNEL_SELECTION, readonly=True)
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
    status = fields.Selection(
        [
            ("to_validate", "To validate"),
            ("sent", "Sent"),
            ("to_print", "To print"),
            ("printed", "Printed"),
            ("task", "Task created"),
            ("recorded", "Recorded"),
            ("failed", "Failed"),
            ("skipped", "Skipped"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_status",
        store=True,
        help="Where the reminder stands for a person: a letter is to print until printed, "
        "a call is a task for the responsible.",
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
    amount_reminded = fields.Monetary(
        string="Amount reminded",
        currency_field="currency_id",
        readonly=True,
        help="The amount of the reminder, on its first line only: a reminder sent by email "
        "and SMS counts once in the totals.",
    )
    invoice_names = fields.Char(string="Invoice numbers", compute="_compute_summary_display")
    summary_html = fields.Html(
        string="Invoices reminded", compute="_compute_summary_display", sanitize=False
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
    run_id = fields.Many2one(
        "account.dunning.run",
        string="Nightly run",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    # What was sent, to open from the customer's chase history (its Dunning tab).
    letter_url = fields.Char(
        string="Letter PDF",
        compute="_compute_sent_urls",
        help="Download the letter as it was sent.",
    )
    message_url = fields.Char(
        string="Message sent",
        compute="_compute_sent_urls",
        help="The email or SMS as it was sent, in the customer's chatter.",
    )

    @api.depends("state", "channel", "letter_printed", "event_type")
    def _compute_status(self):
        for event in self:
            if event.state == "done" and event.event_type != "reminder" and not event.channel:
                event.status = "recorded"
            elif event.state == "draft":
                event.status = "to_validate"
            elif event.state != "done":
                event.status = event.state
            elif event.channel == "letter":
                event.status = "printed" if event.letter_printed else "to_print"
            elif event.channel == "call":
                event.status = "task"
            else:
                event.status = "sent"

    @api.depends("summary")
    def _compute_summary_display(self):
        # Read from what was claimed that day: a salesperson without access to
        # invoices still sees which ones were reminded, and for how much.
        for event in self:
            rows = (event.summary or {}).get("lines") or []
            event.invoice_names = ", ".join(row["name"] for row in rows)
            if not rows:
                event.summary_html = False
                continue
            head = Markup("").join(
                Markup("<th>%s</th>") % label
                for label in (
                    self.env._("Invoice"),
                    self.env._("Due date"),
                    self.env._("Days late"),
                    self.env._("Amount due"),
                )
            )
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
                % (row["name"], row["due_date"], row["days_late"], row["residual_display"])
                for row in rows
            )
            event.summary_html = Markup(
                "<table class='table table-sm'><thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
            ) % (head, body)

    @api.depends("letter_attachment_id", "mail_message_id")
    def _compute_sent_urls(self):
        for event in self:
            letter, message = event.letter_attachment_id, event.mail_message_id
            event.letter_url = f"/web/content/{letter.id}?download=true" if letter else False
            event.message_url = f"/mail/message/{message.id}" if message else False

    @api.depends("partner_id", "level_id", "channel", "date", "event_type")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        types = dict(self._fields["event_type"]._description_selection(self.env))
        for event in self:
            if event.event_type != "reminder":
                event.display_name = self.env._(
                    "%(partner)s: %(type)s, %(date)s",
                    partner=event.partner_id.name or "",
                    type=types[event.event_type],
                    date=format_date(self.env, event.date),
                )
                continue
            event.display_name = self.env._(
                "%(partner)s: %(level)s by %(channel)s, %(date)s",
                partner=event.partner_id.name or "",
                level=event.level_id.name or self.env._("reminder"),
                channel=channels.get(event.channel) or "-",
                date=format_date(self.env, event.date),
            )

    @api.model
    def _log_event(self, partner, event_type, reason, **vals):
        """Record a change in ``partner``'s situation (``event_type``, not a reminder)
        in its chase history, for ``self.env.company``. ``reason`` says what happened
        and why, in words a person reads; ``vals`` adds fields (``move_ids``,
        ``level_id``, ``amount_due``, ``reason_code``, ``channel``...)."""
        return self.sudo().create(
            {
                "partner_id": partner.commercial_partner_id.id,
                "company_id": self.env.company.id,
                "event_type": event_type,
                "state": "done",
                "reason": reason,
                "user_id": self.env.user.id,
                "run_id": self.env.context.get("dunning_run_id", False),
                **vals,
            }
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
        """Send the prepared reminders (semi-automatic mode); open what was sent."""
        drafts = self.filtered(lambda e: e.state == "draft")
        if not drafts:
            raise UserError(self.env._("Only reminders still to validate can be sent."))
        partners = drafts.partner_id  # the drafts are gone once sent
        results = self.env["account.dunning.processor"]._validate_drafts(drafts)
        return self._action_open_sent(self.browse().concat(*results.values()), partners)

    @api.model
    def _action_open_sent(self, events, partners):
        """The events a person just sent, or a notice when nothing was due any more."""
        if not events:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "title": self.env._("Nothing sent"),
                    "message": self.env._(
                        "Nothing is due today for %(partners)s: no reminder was sent.",
                        partners=", ".join(partners.mapped("display_name")),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_event_action"
        )
        title = self.env._("Reminders sent")
        action.update(
            # the web client titles the screen with the display name
            name=title,
            display_name=title,
            domain=[("id", "in", events.ids)],
            context={},
        )
        if len(events) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=events.id)
        return action

    def action_cancel(self):
        drafts = self.filtered(lambda e: e.state == "draft")
        drafts.write({"state": "cancelled"})

    def action_preview(self):
        """Preview the prepared reminders before sending or discarding them
        (account.dunning.validate)."""
        drafts = self.filtered(lambda e: e.state == "draft")
        if not drafts:
            raise UserError(self.env._("Only reminders still to validate can be sent."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review the prepared reminders"),
            "res_model": "account.dunning.validate",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_model": self._name, "active_ids": drafts.ids},
        }

    def action_discard(self):
        """Discard prepared reminders: a dialog asks why (account.dunning.discard)."""
        drafts = self.filtered(lambda e: e.state == "draft")
        if not drafts:
            raise UserError(self.env._("Only reminders still to validate can be discarded."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Discard reminders"),
            "res_model": "account.dunning.discard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_event_ids": [fields.Command.set(drafts.ids)]},
        }

    def _discard(self, reason):
        """The prepared reminders are not sent: cancelled, with who and why."""
        self.filtered(lambda e: e.state == "draft").write(
            {
                "state": "cancelled",
                "reason": self.env._(
                    "Discarded by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
                ),
                "reason_code": "discarded",
                "user_id": self.env.user.id,
            }
        )

    def _get_letter_contact(self):
        self.ensure_one()
        return self.partner_id.browse(self.partner_id.address_get(["invoice"])["invoice"])

    def _letter_filename(self):
        """The letter's file name, without extension (the download adds ".pdf")."""
        self.ensure_one()
        return self.env._(
            "Dunning letter %(partner)s %(date)s (%(number)s)",
            partner=self.partner_id.name,
            date=self.date,
            number=self.id,
        )

    def _letter_values(self):
        """What the letter says around its invoices, in the customer's language: the
        sender and addressee blocks (for a window envelope), the place and date line,
        the subject naming the invoices, the registered-mail mention of a formal notice
        and who signs."""
        self.ensure_one()
        env = self.with_context(lang=self.partner_id.lang or self.env.lang).env
        event = self.with_env(env)
        company = event.company_id
        contact = event._get_letter_contact()
        # a letter within one country bears no country line (La Poste), abroad it does
        abroad = contact.country_id != company.country_id
        date = format_date(env, event.date, date_format="long")
        place_date = (
            env._("%(city)s, %(date)s", city=company.city, date=date) if company.city else date
        )
        invoices = [row["name"] for row in (event.summary or {}).get("lines") or []]
        subject = event.level_id.name or ""
        if invoices:
            subject = (
                env._("%(level)s (invoice %(invoices)s)", level=subject, invoices=invoices[0])
                if len(invoices) == 1
                else env._(
                    "%(level)s (invoices %(invoices)s)",
                    level=subject,
                    invoices=", ".join(invoices),
                )
            )
        return {
            "sender_lines": [
                company.name,
                *self._letter_address_lines(company.partner_id, show_country=abroad),
            ],
            "addressee_lines": [
                # the company, then the person or department of its invoicing address
                *dict.fromkeys(filter(None, [contact.commercial_company_name, contact.name])),
                *self._letter_address_lines(contact, show_country=abroad),
            ],
            "place_date": place_date,
            "subject": subject,
            "registered": event.level_id.formal_notice,
            "signatory": event.partner_id.with_company(company).dunning_responsible_id
            or company.dunning_responsible_id,
        }

    @api.model
    def _letter_address_lines(self, partner, show_country=True):
        """The lines of ``partner``'s postal address in its country's format, its name
        left out, its country only if ``show_country``."""
        address_format, args = partner._prepare_display_address(without_company=True)
        if not show_country:
            args["country_name"] = ""
        lines = (address_format % args).split("\n")
        return [" ".join(line.split()) for line in lines if line.strip()]

    @api.model
    def _letter_render_context(self):
        """The context a letter is rendered in, by the run and on request alike: its
        style sheets inside the page, laid out whichever process renders it, and no
        wait for scripts it does not run."""
        return {INLINE_CSS: True, "dunning_print_delay": 0}

    def action_print_letters(self):
        letters = self.filtered(lambda e: e.channel == "letter" and e.state == "done")
        if not letters:
            raise UserError(self.env._("Select at least one sent letter to print."))
        letters.letter_printed = True
        report = self.env.ref("account_dunning_pro.action_report_dunning_letter").with_context(
            **self._letter_render_context()
        )
        # A letter without its stored copy is laid out alone, and kept: the batch then joins
        # copies. A wkhtmltopdf without patched Qt cannot lay out several letters at once.
        for letter in letters.filtered(lambda e: not e.letter_attachment_id):
            report._render_qweb_pdf(report, letter.ids)
        return report.report_action(letters)
