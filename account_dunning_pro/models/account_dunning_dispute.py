# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import format_amount, format_date

# An invoice in one of these payment states owes nothing more: there is nothing to dispute.
_SETTLED_PAYMENT_STATES = ("paid", "in_payment", "reversed")


class AccountDunningDispute(models.Model):
    """A customer disputes an invoice: that invoice alone stops being chased
    (core ``no_followup``) until the dispute is resolved or cancelled."""

    _name = "account.dunning.dispute"
    _description = "Invoice dispute"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, deadline, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        check_company=True,
        ondelete="cascade",
        tracking=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('payment_state', 'not in', ('paid', 'in_payment', 'reversed')),"
        " ('commercial_partner_id', '=?', partner_id)]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        required=True,
        index=True,
    )
    reason_id = fields.Many2one(
        "account.dunning.dispute.reason",
        required=True,
        check_company=True,
        tracking=True,
    )
    note = fields.Text(help="What the customer disputes, in their words.")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        help="Who settles the dispute with the customer; gets a task when the deadline passes.",
    )
    deadline = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=30),
        tracking=True,
        help="The day by which the dispute should be settled: its owner gets a task after it.",
    )
    deadline_notified = fields.Boolean(
        readonly=True,
        copy=False,
        help="The owner already got a task for this deadline.",
    )
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    resolution = fields.Selection(
        [("customer_right", "Customer was right"), ("customer_wrong", "Customer was wrong")],
        readonly=True,
        tracking=True,
        copy=False,
    )
    resolution_date = fields.Date(readonly=True, copy=False)
    resolution_note = fields.Text(readonly=True, copy=False)
    credit_note_id = fields.Many2one(
        "account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        check_company=True,
        tracking=True,
    )
    currency_id = fields.Many2one(related="move_id.currency_id", string="Currency")
    amount_residual = fields.Monetary(
        related="move_id.amount_residual", string="Amount due", currency_field="currency_id"
    )
    invoice_date_due = fields.Date(related="move_id.invoice_date_due", string="Due date")
    dunning_level_id = fields.Many2one(
        related="move_id.dunning_level_id",
        string="Chase level",
        help="Where the chase of the invoice stood: it resumes from there if the customer "
        "was wrong.",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("move_id")
    def _compute_partner_id(self):
        for dispute in self:
            if dispute.move_id:
                dispute.partner_id = dispute.move_id.commercial_partner_id

    @api.depends("move_id")
    def _compute_company_id(self):
        for dispute in self:
            dispute.company_id = dispute.move_id.company_id or self.env.company

    @api.depends("move_id", "reason_id")
    def _compute_display_name(self):
        for dispute in self:
            # a sales rep reads the dispute without access to the invoice itself
            invoice = dispute.sudo().move_id.name
            dispute.display_name = self.env._(
                "Dispute %(invoice)s: %(reason)s",
                invoice=invoice or "",
                reason=dispute.reason_id.name or "",
            )

    @api.constrains("move_id")
    def _check_move(self):
        for dispute in self:
            move = dispute.move_id
            if move.move_type != "out_invoice" or move.state != "posted":
                raise ValidationError(
                    self.env._(
                        "Only a posted customer invoice can be disputed; %(move)s is not one.",
                        move=move.display_name,
                    )
                )
            if move.payment_state in _SETTLED_PAYMENT_STATES or move.currency_id.is_zero(
                move.amount_residual
            ):
                raise ValidationError(
                    self.env._(
                        "The invoice %(move)s is already paid or reversed: there is nothing "
                        "left to dispute.",
                        move=move.name,
                    )
                )

    @api.constrains("move_id", "state")
    def _check_one_open_per_invoice(self):
        opened = self.filtered(lambda d: d.state == "open")
        if not opened:
            return
        groups = self._read_group(
            [("move_id", "in", opened.move_id.ids), ("state", "=", "open")],
            ["move_id"],
            having=[("__count", ">", 1)],
        )
        if groups:
            raise ValidationError(
                self.env._(
                    "The invoice %(move)s is already disputed: settle or cancel its open "
                    "dispute first.",
                    move=groups[0][0].name,
                )
            )

    @api.constrains("deadline")
    def _check_deadline(self):
        today = fields.Date.context_today(self)
        for dispute in self:
            if dispute.state == "open" and dispute.deadline < today:
                raise ValidationError(
                    self.env._(
                        "The deadline of a dispute cannot be in the past (%(date)s).",
                        date=format_date(self.env, dispute.deadline),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        disputes = super().create(vals_list)
        # the invoice leaves the chase; the customer's other invoices stay in it
        disputes.move_id.sudo().no_followup = True
        for dispute in disputes:
            dispute._log(
                self.env._(
                    "Dispute opened on %(invoice)s (%(reason)s), owner %(owner)s, deadline "
                    "%(deadline)s: this invoice is no longer chased, the other ones still are.",
                    invoice=dispute.move_id.name,
                    reason=dispute.reason_id.name,
                    owner=dispute.user_id.name,
                    deadline=format_date(self.env, dispute.deadline),
                )
            )
        return disputes

    def write(self, vals):
        if "deadline" in vals:
            # a new deadline earns its own task when it passes
            vals = {**vals, "deadline_notified": False}
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        raise UserError(
            self.env._(
                "A dispute is part of the customer's record: cancel it rather than delete it."
            )
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_resolve_customer_right(self):
        return self._action_open_resolve("customer_right")

    def action_resolve_customer_wrong(self):
        return self._action_open_resolve("customer_wrong")

    def _action_open_resolve(self, resolution):
        self.ensure_one()
        self._ensure_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve the dispute"),
            "res_model": "account.dunning.dispute.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_dispute_id": self.id, "default_resolution": resolution},
        }

    def action_cancel(self):
        """The customer withdrew the dispute: the invoice is chased again."""
        self._ensure_open()
        self.write({"state": "cancelled", "resolution_date": fields.Date.context_today(self)})
        self.move_id.sudo().no_followup = False
        for dispute in self:
            dispute._log(
                self.env._(
                    "Dispute on %(invoice)s cancelled: the invoice is chased again.",
                    invoice=dispute.move_id.name,
                )
            )

    def action_open_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.credit_note_id.id,
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _ensure_open(self):
        if self.filtered(lambda d: d.state != "open"):
            raise UserError(self.env._("Only an open dispute can be resolved or cancelled."))

    def _resolve_customer_right(self, credit_note=None, note=""):
        """The customer was right: ``credit_note`` (a posted credit note of the
        customer), or else a full reversal of the invoice, settles the invoice."""
        self.ensure_one()
        self._ensure_open()
        move = self.move_id
        if credit_note:
            self._check_credit_note(credit_note)
            for line in credit_note.line_ids.filtered(
                lambda ln: ln.account_type == "asset_receivable" and not ln.reconciled
            ):
                move.js_assign_outstanding_line(line.id)
        else:
            credit_note = self._reverse_invoice(note)
        self.write(
            {
                "state": "resolved",
                "resolution": "customer_right",
                "credit_note_id": credit_note.id,
                "resolution_note": note,
                "resolution_date": fields.Date.context_today(self),
            }
        )
        reason = self.env._(
            "Dispute on %(invoice)s resolved, the customer was right: credit note %(credit_note)s.",
            invoice=move.name,
            credit_note=credit_note.name,
        )
        if not move.currency_id.is_zero(move.amount_residual):
            # a partial credit note: what it does not cover is owed, and chased again
            move.sudo().no_followup = False
            reason += " " + self.env._(
                "The %(amount)s it does not cover is chased again.",
                amount=format_amount(self.env, move.amount_residual, move.currency_id),
            )
        self._log(reason, note, extra_moves=credit_note)
        return credit_note

    def _resolve_customer_wrong(self, note=""):
        """The customer was wrong: the invoice is chased again from the level it had."""
        self.ensure_one()
        self._ensure_open()
        self.write(
            {
                "state": "resolved",
                "resolution": "customer_wrong",
                "resolution_note": note,
                "resolution_date": fields.Date.context_today(self),
            }
        )
        self.move_id.sudo().no_followup = False
        level = self.move_id.dunning_level_id
        self._log(
            self.env._(
                "Dispute on %(invoice)s resolved, the customer was wrong: the chase resumes "
                "%(where)s.",
                invoice=self.move_id.name,
                where=self.env._("after %(level)s", level=level.name)
                if level
                else self.env._("from the start"),
            ),
            note,
        )

    def _check_credit_note(self, credit_note):
        if (
            credit_note.move_type != "out_refund"
            or credit_note.state != "posted"
            or credit_note.commercial_partner_id != self.partner_id
            or credit_note.company_id != self.company_id
        ):
            raise UserError(
                self.env._(
                    "%(credit_note)s is not a posted credit note of %(partner)s.",
                    credit_note=credit_note.display_name,
                    partner=self.partner_id.display_name,
                )
            )
        if credit_note.currency_id.is_zero(credit_note.amount_residual):
            raise UserError(
                self.env._(
                    "The credit note %(credit_note)s is already fully used.",
                    credit_note=credit_note.name,
                )
            )

    def _reverse_invoice(self, note):
        """The full reversal of the invoice, as Odoo's own "Credit note" button makes it,
        posted and matched with the invoice so that it closes."""
        move = self.move_id
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(
                {
                    "reason": note or self.reason_id.name,
                    "journal_id": move.journal_id.id,
                    "date": fields.Date.context_today(self),
                }
            )
        )
        credit_note = move._reverse_moves([reversal._prepare_default_reversal(move)], cancel=True)
        move._message_log(
            body=Markup("%s %s")
            % (
                self.env._("Reversed after a dispute settled in the customer's favour:"),
                credit_note._get_html_link(),
            )
        )
        return credit_note

    def _log(self, reason, note="", extra_moves=None):
        """Write ``reason`` in the customer's chase history and on the dispute."""
        self.ensure_one()
        moves = self.move_id | (extra_moves or self.env["account.move"])
        text = f"{reason}\n{note}" if note else reason
        self.env["account.dunning.event"].with_company(self.company_id)._log_event(
            self.partner_id,
            "dispute",
            text,
            move_ids=[Command.set(moves.ids)],
        )

    @api.model
    def _cron_check_deadlines(self, today):
        """Nightly, per company (``self.env.company``): the owner of each open dispute
        past its deadline gets a task, once per deadline."""
        overdue = self.search(
            Domain("company_id", "=", self.env.company.id)
            & Domain("state", "=", "open")
            & Domain("deadline", "<", today)
            & Domain("deadline_notified", "=", False)
        )
        if not overdue:
            return
        for user, disputes in overdue.grouped("user_id").items():
            disputes.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=self.env._("Dispute past its deadline"),
                note=self.env._("The deadline to settle this dispute has passed."),
                user_id=user.id,
            )
        overdue.sudo().write({"deadline_notified": True})
        for dispute in overdue:
            dispute._log(
                self.env._(
                    "Dispute on %(invoice)s past its deadline (%(deadline)s): a task was "
                    "given to %(owner)s.",
                    invoice=dispute.move_id.name,
                    deadline=format_date(self.env, dispute.deadline),
                    owner=dispute.user_id.name,
                )
            )
