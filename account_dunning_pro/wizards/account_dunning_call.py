# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import format_amount, format_date

from ..engine.phone import normalize_e164

OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("promised", "Promised to pay"),
    ("dispute", "Disputes an invoice"),
    ("wrong_number", "Wrong number"),
]


class AccountDunningCall(models.TransientModel):
    """What came out of a call to a customer about its overdue invoices.

    The outcome is written in the customer's chase history; a promise creates the
    ``account.dunning.promise``, a dispute opens the ``account.dunning.dispute``, a
    wrong number is blacklisted (Odoo's ``phone.blacklist``, which the SMS channel
    already honours), and the customer's open dunning call tasks are marked done.
    Opened without a call (``is_call`` False) it only records a promise to pay.
    """

    _name = "account.dunning.call"
    _description = "Log a dunning call"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_call = fields.Boolean(string="Phone call", default=True, readonly=True)
    outcome = fields.Selection(OUTCOMES, required=True, default="reached")
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact called",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    phone = fields.Char(
        string="Number called", compute="_compute_phone", store=True, readonly=False
    )
    note = fields.Text(string="Notes", help="What was said, in a few words.")
    promise_amount = fields.Monetary(string="Promised amount", currency_field="currency_id")
    promise_date = fields.Date(string="Promised for")
    promise_move_ids = fields.Many2many(
        "account.move",
        "account_dunning_call_promise_move_rel",
        string="Invoices promised",
        compute="_compute_promise_move_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    dispute_move_id = fields.Many2one(
        "account.move",
        string="Disputed invoice",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'),"
        " ('payment_state', 'not in', ('paid', 'in_payment', 'reversed'))]",
    )
    dispute_reason_id = fields.Many2one(
        "account.dunning.dispute.reason",
        string="Dispute reason",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    activity_ids = fields.Many2many(
        "mail.activity",
        string="Call tasks to close",
        compute="_compute_activity_ids",
        help="The customer's open dunning call tasks: logging the call marks them done.",
    )

    @api.depends("partner_id")
    def _compute_contact_id(self):
        processor = self.env["account.dunning.processor"]
        for wizard in self:
            wizard.contact_id = wizard.partner_id and processor._invoice_contact(wizard.partner_id)

    @api.depends("contact_id")
    def _compute_phone(self):
        for wizard in self:
            wizard.phone = wizard.contact_id.phone or wizard.partner_id.phone

    @api.depends("partner_id")
    def _compute_promise_move_ids(self):
        for wizard in self:
            wizard.promise_move_ids = wizard._overdue_invoices(wizard.partner_id)

    @api.depends("partner_id")
    def _compute_activity_ids(self):
        for wizard in self:
            wizard.activity_ids = wizard._open_call_activities(wizard.partner_id)

    @api.onchange("promise_move_ids")
    def _onchange_promise_move_ids(self):
        if self.promise_move_ids and not self.promise_amount:
            self.promise_amount = sum(self.promise_move_ids.mapped("amount_residual_signed"))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if partner and "promise_amount" in fields_list and "promise_amount" not in values:
            overdue = self._overdue_invoices(partner.commercial_partner_id)
            values["promise_amount"] = self.env.company.currency_id.round(
                sum(overdue.mapped("amount_residual_signed"))
            )
        return values

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = Partner.browse(vals["partner_id"]).commercial_partner_id
                vals["partner_id"] = partner.id
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._check_can_chase(wizard.partner_id)
        return wizards

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------

    def action_log(self):
        """Write the outcome down and act on it; back to where the call was logged from
        (the one-by-one screen moves on to its next customer)."""
        self.ensure_one()
        self._check_can_chase(self.partner_id)
        self._check_outcome()
        moves = self.env["account.move"]
        if self.outcome == "promised":
            promise = self._create_promise()
            moves = promise.move_ids
        elif self.outcome == "dispute":
            self._open_dispute()
            moves = self.dispute_move_id
        elif self.outcome == "wrong_number":
            self._flag_wrong_number()
        if self.is_call:
            self._close_call_activities()
        self.env["account.dunning.event"]._log_event(
            self.partner_id,
            "call" if self.is_call else "promise",
            self._history_text(),
            move_ids=[Command.set(moves.ids)],
            reason_code=f"call_{self.outcome}" if self.is_call else "promise_recorded",
        )
        process_line = self.env["account.dunning.process.line"].browse(
            self.env.context.get("dunning_process_line_id")
        )
        if process_line.exists():
            process_line.process_id._record_result(
                process_line, "promised" if self.outcome == "promised" else "called"
            )
        return {"type": "ir.actions.act_window_close"}

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _check_can_chase(self, partner):
        """A dunning user, on a customer of the current company (or a shared one)."""
        if not self.env.user.has_group("account_dunning_pro.group_dunning_user"):
            raise AccessError(self.env._("Only dunning users can log calls and promises."))
        company = partner.sudo().company_id
        if company and company != self.env.company:
            raise UserError(
                self.env._(
                    "%(partner)s is a customer of %(company)s: switch to that company to chase it.",
                    partner=partner.display_name,
                    company=company.name,
                )
            )

    def _check_outcome(self):
        if self.outcome == "promised":
            missing = []
            if self.currency_id.compare_amounts(self.promise_amount, 0.0) <= 0:
                missing.append(self.env._("the promised amount"))
            if not self.promise_date:
                missing.append(self.env._("the promised date"))
            if not self.promise_move_ids:
                missing.append(self.env._("the invoices promised"))
            if missing:
                raise UserError(
                    self.env._("A promise to pay needs %(missing)s.", missing=", ".join(missing))
                )
        elif self.outcome == "dispute":
            if not self.dispute_move_id or not self.dispute_reason_id:
                raise UserError(
                    self.env._("To open a dispute, choose the disputed invoice and the reason.")
                )
        elif self.outcome == "wrong_number" and not self.phone:
            raise UserError(self.env._("Give the wrong number, so that it is not used again."))

    def _create_promise(self):
        return self.env["account.dunning.promise"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "move_ids": [Command.set(self.promise_move_ids.ids)],
                "amount": self.promise_amount,
                "date": self.promise_date,
                "note": self.note,
            }
        )

    def _open_dispute(self):
        return self.env["account.dunning.dispute"].create(
            {
                "move_id": self.dispute_move_id.id,
                "reason_id": self.dispute_reason_id.id,
                "note": self.note,
            }
        )

    def _flag_wrong_number(self):
        """Blacklist the number (Odoo's phone blacklist, for every company): the SMS
        channel then falls back to the next one, and the contact shows the number as
        blacklisted until someone corrects it."""
        country = self.contact_id.country_id or self.partner_id.country_id
        country = country or self.env.company.country_id
        number, _error = normalize_e164(self.phone, country.code)
        self.env["phone.blacklist"].sudo()._add(
            [number or self.phone],
            message=self.env._(
                "Wrong number for %(contact)s, reported by %(user)s on a dunning call.",
                contact=(self.contact_id or self.partner_id).display_name,
                user=self.env.user.name,
            ),
        )

    @api.model
    def _open_call_activities(self, partner):
        if not partner:
            return self.env["mail.activity"]
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    (
                        "activity_type_id",
                        "=",
                        self.env.ref("account_dunning_pro.mail_activity_type_dunning_call").id,
                    ),
                ]
            )
        )

    def _close_call_activities(self):
        # the task may be assigned to someone else: a dunning user closes it all the same
        activities = self._open_call_activities(self.partner_id)
        if activities:
            activities.action_feedback(feedback=self._history_text())

    def _history_text(self):
        outcome = dict(self._fields["outcome"]._description_selection(self.env))[self.outcome]
        if self.outcome == "promised":
            text = self.env._(
                "Promised to pay %(amount)s by %(date)s (%(invoices)s).",
                amount=format_amount(self.env, self.promise_amount, self.currency_id),
                date=format_date(self.env, self.promise_date),
                invoices=", ".join(self.promise_move_ids.mapped("name")),
            )
        elif self.outcome == "dispute":
            text = self.env._(
                "Disputes %(invoice)s: %(reason)s.",
                invoice=self.dispute_move_id.name,
                reason=self.dispute_reason_id.name,
            )
        elif self.outcome == "wrong_number":
            text = self.env._("Wrong number: %(number)s is blacklisted.", number=self.phone)
        else:
            text = outcome + "."
        if self.is_call:
            who = self.contact_id.name or self.partner_id.name
            if self.phone:
                who = f"{who} ({self.phone})"
            text = self.env._("Call to %(who)s: %(outcome)s", who=who, outcome=text)
        if self.note:
            text = f"{text}\n{self.note}"
        return text

    @api.model
    def _overdue_invoices(self, partner):
        """The customer's posted invoices still owing and past their due date."""
        if not partner:
            return self.env["account.move"]
        return self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            ],
            order="invoice_date_due, id",
        )
