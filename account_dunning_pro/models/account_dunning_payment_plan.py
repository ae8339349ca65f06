# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import format_amount, format_date

from ..engine import plan_outcome, split_instalments
from ..engine.schedule import PLAN_BREACHED, PLAN_DONE
from .ir_qweb import INLINE_CSS

_logger = logging.getLogger(__name__)

# Payment states of an invoice with nothing left to pay.
_SETTLED = ("paid", "in_payment", "reversed")


class AccountDunningPaymentPlan(models.Model):
    """A payment plan (échéancier): the chase of its invoices pauses while it is kept.

    ``amount_total`` is what the customer must pay: what its invoices owed when the
    instalments were computed, frozen once the plan is active. The instalments of an
    active plan sum exactly to it. What the customer has paid on the plan is what
    its invoices no longer owe, allocated to the instalments in date order.
    """

    _name = "account.dunning.payment.plan"
    _description = "Payment plan"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/", copy=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        help="The currency of the invoices, in which the instalments are paid.",
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    line_ids = fields.One2many(
        "account.dunning.payment.plan.line", "plan_id", string="Instalments", copy=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("breached", "Breached"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    instalment_count = fields.Integer(
        string="Number of instalments",
        default=3,
        help="Into how many instalments “Compute instalments” splits the total.",
    )
    frequency = fields.Selection(
        [("weekly", "Weekly"), ("monthly", "Monthly"), ("quarterly", "Quarterly")],
        default="monthly",
        required=True,
    )
    first_date = fields.Date(
        string="First instalment",
        default=fields.Date.context_today,
        help="Date of the first instalment; the next ones follow at the chosen frequency "
        "(monthly: the same day of each month, or its last day).",
    )
    amount_total = fields.Monetary(
        string="Total",
        compute="_compute_amount_total",
        store=True,
        help="What the customer must pay: what the invoices owed when the plan was made.",
    )
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_amount_paid",
        help="Paid on the plan's invoices since it was agreed.",
    )
    amount_left = fields.Monetary(string="Left to pay", compute="_compute_amount_paid")
    date_activated = fields.Date(string="Agreed on", readonly=True, copy=False)
    date_closed = fields.Date(
        string="Ended on",
        readonly=True,
        copy=False,
        help="Day the plan was completed, breached or cancelled.",
    )
    breach_line_id = fields.Many2one(
        "account.dunning.payment.plan.line",
        string="Missed instalment",
        readonly=True,
        copy=False,
        help="The instalment left unpaid past its date and the grace period.",
    )

    @api.depends("move_ids", "company_id")
    def _compute_currency_id(self):
        for plan in self:
            plan.currency_id = plan.move_ids[:1].currency_id or plan.company_id.currency_id

    @api.depends("move_ids")
    def _compute_amount_total(self):
        # The invoices change only in a draft (see ``write``): the total of an
        # active plan stays what was agreed, whatever is paid afterwards.
        for plan in self:
            plan.amount_total = plan._open_residual()

    @api.depends("state", "amount_total", "move_ids.amount_residual")
    def _compute_amount_paid(self):
        for plan in self:
            paid = 0.0
            if plan.state != "draft":
                paid = max(plan.amount_total - plan._open_residual(), 0.0)
            plan.amount_paid = plan.currency_id.round(paid)
            plan.amount_left = plan.currency_id.round(plan.amount_total - paid)

    @api.constrains("move_ids", "partner_id")
    def _check_move_ids(self):
        for plan in self:
            moves = plan.sudo().move_ids
            strangers = moves.filtered(
                lambda m, p=plan: m.commercial_partner_id != p.partner_id.commercial_partner_id
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "The invoices %(invoices)s are not invoices of %(partner)s.",
                        invoices=", ".join(strangers.mapped("display_name")),
                        partner=plan.partner_id.display_name,
                    )
                )
            if len(moves.currency_id) > 1:
                raise ValidationError(
                    self.env._("The invoices of a payment plan must share one currency.")
                )

    @api.constrains("line_ids", "amount_total", "state")
    def _check_lines_total(self):
        """The instalments of an agreed plan sum exactly to its total (a draft is
        a working document: its lines are checked when it is activated)."""
        for plan in self.filtered(lambda p: p.state != "draft"):
            plan._check_lines_sum(plan.amount_total)

    @api.constrains("instalment_count")
    def _check_instalment_count(self):
        if any(plan.instalment_count < 1 for plan in self):
            raise ValidationError(self.env._("A payment plan needs at least one instalment."))

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        for plan in plans.filtered(lambda p: p.name == "/"):
            plan.name = plan._default_name()
        return plans

    def write(self, vals):
        if "move_ids" in vals and self.filtered(lambda p: p.state != "draft"):
            raise UserError(
                self.env._("The invoices of a payment plan can only change while it is a draft.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_agreed(self):
        if self.filtered(lambda p: p.state not in ("draft", "cancelled")):
            raise UserError(
                self.env._(
                    "A payment plan that was agreed is part of the customer's history: "
                    "cancel it instead of deleting it."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_compute_instalments(self):
        """Split what the invoices owe into the chosen instalments."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._("The instalments can only be computed on a draft payment plan.")
                )
            plan._check_invoices()
            if not plan.first_date:
                raise UserError(self.env._("Choose the date of the first instalment."))
            total = plan._open_residual()
            unit = plan.currency_id.rounding
            if plan.currency_id.compare_amounts(total, unit * plan.instalment_count) < 0:
                raise UserError(
                    self.env._(
                        "%(total)s cannot be split into %(count)s instalments.",
                        total=format_amount(self.env, total, plan.currency_id),
                        count=plan.instalment_count,
                    )
                )
            schedule = split_instalments(
                total,
                plan.instalment_count,
                plan.first_date,
                plan.frequency,
                plan.currency_id.decimal_places,
            )
            plan.write(
                {
                    "line_ids": [Command.clear()]
                    + [Command.create({"date": day, "amount": amount}) for day, amount in schedule],
                }
            )
            # the invoices may have been paid since they were chosen
            plan.amount_total = total
        return True

    def action_activate(self):
        """The customer agreed: its invoices are no longer chased while it pays."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft payment plan can be activated."))
            plan._check_invoices()
            if not plan.line_ids:
                raise UserError(self.env._("Compute the instalments of the payment plan first."))
            taken = self.search(
                [
                    ("id", "!=", plan.id),
                    ("state", "=", "active"),
                    ("move_ids", "in", plan.move_ids.ids),
                ],
                limit=1,
            )
            if taken:
                raise UserError(
                    self.env._(
                        "%(invoices)s already in the active payment plan %(plan)s.",
                        invoices=", ".join((taken.move_ids & plan.move_ids).mapped("name")),
                        plan=taken.name,
                    )
                )
            # what the invoices owe today is what the customer agrees to pay
            total = plan._open_residual()
            plan._check_lines_sum(total)
            today = fields.Date.context_today(self)
            plan.write({"amount_total": total, "state": "active", "date_activated": today})
            plan._log(
                self.env._(
                    "Payment plan %(plan)s agreed: %(total)s in %(count)s instalments, "
                    "from %(first)s to %(last)s. Its invoices are not chased while it is kept.",
                    plan=plan.name,
                    total=format_amount(self.env, plan.amount_total, plan.currency_id),
                    count=len(plan.line_ids),
                    first=format_date(self.env, plan.line_ids[:1].date),
                    last=format_date(self.env, plan.line_ids[-1:].date),
                ),
                today,
            )
        return True

    def action_cancel(self):
        if self.filtered(lambda p: p.state not in ("draft", "active")):
            raise UserError(self.env._("Only a draft or active payment plan can be cancelled."))
        today = fields.Date.context_today(self)
        for plan in self.filtered(lambda p: p.state == "active"):
            plan._log(
                self.env._(
                    "Payment plan %(plan)s cancelled: the chase of its invoices resumes.",
                    plan=plan.name,
                ),
                today,
            )
        self.write({"state": "cancelled", "date_closed": today})
        return True

    def action_print_agreement(self):
        """The agreement letter, for the customer to sign."""
        if self.filtered(lambda p: not p.line_ids):
            raise UserError(self.env._("Compute the instalments before printing the agreement."))
        return (
            self.env.ref("account_dunning_pro.action_report_dunning_plan_agreement")
            .with_context(**{INLINE_CSS: True})
            .report_action(self)
        )

    # ------------------------------------------------------------------
    # Nightly settlement
    # ------------------------------------------------------------------

    @api.model
    def _cron_settle(self, today):
        """Nightly, per company (``self.env.company``): complete the plans fully paid,
        breach those with an instalment unpaid past its date and the grace period.

        Set-based: the plans, their instalments and their invoices' residuals are
        read in a constant number of queries, whatever the number of plans.
        """
        company = self.env.company
        plans = self.search([("state", "=", "active"), ("company_id", "=", company.id)])
        if not plans:
            return
        plans.fetch(["amount_total", "currency_id", "partner_id", "name"])
        plans.line_ids.fetch(["date", "amount"])
        plans.sudo().move_ids.fetch(["amount_residual"])
        done, breaches = self.browse(), []
        for plan in plans:
            outcome = plan_outcome(
                [(line.date, line.amount) for line in plan.line_ids],
                plan.amount_paid,
                today,
                company.dunning_grace_days,
                plan.currency_id.decimal_places,
            )
            if outcome.state == PLAN_DONE:
                done |= plan
            elif outcome.state == PLAN_BREACHED:
                breaches.append((plan, plan.line_ids[outcome.late_index]))
        if done:
            done._complete(today)
        for plan, line in breaches:
            plan._breach(line, today)

    def _complete(self, today):
        self.write({"state": "done", "date_closed": today})
        for plan in self:
            plan._log(
                self.env._(
                    "Payment plan %(plan)s completed: every instalment is paid.", plan=plan.name
                ),
                today,
            )

    def _breach(self, line, today):
        """``line`` is still unpaid past its grace: the plan ends, the customer is
        told, and the chase of the invoices resumes at the level they had."""
        self.ensure_one()
        self.write({"state": "breached", "date_closed": today, "breach_line_id": line.id})
        partner = self.partner_id.commercial_partner_id
        summary = self._breach_summary(line, today)
        reason = self.env._(
            "Payment plan %(plan)s breached: the instalment of %(amount)s due on %(date)s "
            "is unpaid (%(left)s left on it). The chase of its invoices resumes.",
            plan=self.name,
            amount=format_amount(self.env, line.amount, self.currency_id),
            date=format_date(self.env, line.date),
            left=format_amount(self.env, line.amount_left, self.currency_id),
        )
        processor = self.env["account.dunning.processor"]
        unreachable = processor._unreachable_reason(partner, "email")
        if unreachable:
            reason += " " + self.env._("No notice sent: %(reason)s.", reason=unreachable)
            return self._log(reason, today, summary=summary)
        template = self.env.ref("account_dunning_pro.mail_template_dunning_plan_breach")
        try:
            with self.env.cr.savepoint():
                message = processor._post_email(partner, template, summary)
        except Exception as error:  # noqa: BLE001 - the breach stands without its notice
            _logger.exception("Breach notice of payment plan %s failed", self.id)
            reason += " " + self.env._("The notice could not be sent: %(error)s", error=str(error))
            return self._log(reason, today, summary=summary)
        return self._log(
            reason, today, summary=summary, channel="email", mail_message_id=message.id
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _default_name(self):
        """The customer and the day: a name, not a sentence to translate."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id.name or ""
        return f"{partner}, {format_date(self.env, fields.Date.context_today(self))}"

    def _open_residual(self):
        """What the plan's invoices owe today, in the plan's currency."""
        self.ensure_one()
        return self.currency_id.round(sum(self.sudo().move_ids.mapped("amount_residual")))

    def _check_invoices(self):
        self.ensure_one()
        moves = self.move_ids
        if not moves:
            raise UserError(self.env._("Choose the invoices the payment plan covers."))
        wrong = moves.filtered(lambda m: m.move_type != "out_invoice" or m.state != "posted")
        if wrong:
            raise UserError(
                self.env._(
                    "A payment plan covers posted customer invoices only: %(invoices)s.",
                    invoices=", ".join(wrong.mapped("display_name")),
                )
            )
        paid = moves.filtered(
            lambda m: m.payment_state in _SETTLED or m.currency_id.is_zero(m.amount_residual)
        )
        if paid:
            raise UserError(
                self.env._(
                    "%(invoices)s already paid: remove them from the payment plan.",
                    invoices=", ".join(paid.mapped("name")),
                )
            )

    def _check_lines_sum(self, total):
        self.ensure_one()
        lines_total = sum(self.line_ids.mapped("amount"))
        if self.currency_id.compare_amounts(lines_total, total):
            raise ValidationError(
                self.env._(
                    "The instalments total %(lines)s but the plan's total is %(total)s, "
                    "what its invoices owe: click “Compute instalments” again.",
                    lines=format_amount(self.env, lines_total, self.currency_id),
                    total=format_amount(self.env, total, self.currency_id),
                )
            )

    def _log(self, reason, today, **vals):
        """Write ``reason`` in the customer's chase history, with the plan's invoices."""
        self.ensure_one()
        summary = vals.pop("summary", None) or self._event_summary(today)
        # the plan's company, whichever company the person works in
        return (
            self.env["account.dunning.event"]
            .with_company(self.company_id)
            ._log_event(
                self.partner_id,
                "plan",
                reason,
                date=today,
                move_ids=[Command.set(self.move_ids.ids)],
                amount_due=self.company_id.currency_id.round(
                    sum(self.sudo().move_ids.mapped("amount_residual_signed"))
                ),
                summary=summary,
                **vals,
            )
        )

    def _event_summary(self, today):
        """The invoices as the history shows them (``summary["lines"]`` of an event)."""
        partner = self.partner_id.commercial_partner_id
        env = self.with_context(lang=partner.lang or self.env.lang).env
        rows = []
        for move in self.sudo().move_ids.sorted(lambda m: (m.invoice_date_due or m.date, m.id)):
            due = move.invoice_date_due or move.date
            rows.append(
                {
                    "move_id": move.id,
                    "name": move.name,
                    "due_date": format_date(env, due),
                    "days_late": max((today - due).days, 0),
                    "residual_display": format_amount(env, move.amount_residual, move.currency_id),
                    "portal_url": move.get_base_url() + move.get_portal_url(),
                }
            )
        return {
            "date": format_date(env, today),
            "lines": rows,
            "company_name": self.company_id.name,
            "company_email": self.company_id.email_formatted or "",
            "portal_url": partner.get_base_url() + "/my/invoices",
        }

    def _breach_summary(self, line, today):
        """What the breach notice tells the customer, formatted in its language."""
        partner = self.partner_id.commercial_partner_id
        env = self.with_context(lang=partner.lang or self.env.lang).env
        self.env["account.dunning.processor"]._ensure_access_tokens(self.sudo().move_ids)
        currency = self.currency_id
        return {
            **self._event_summary(today),
            "plan_name": self.name,
            "plan_date": format_date(env, self.date_activated),
            "instalment_date": format_date(env, line.date),
            "instalment_amount": format_amount(env, line.amount, currency),
            "instalment_left": format_amount(env, line.amount_left, currency),
            "amount_paid_display": format_amount(env, self.amount_paid, currency),
            "amount_left_display": format_amount(env, self.amount_left, currency),
            "amount_total_display": format_amount(env, self.amount_total, currency),
        }

    def _agreement_filename(self):
        """The agreement letter's file name, without extension."""
        self.ensure_one()
        return self.env._("Payment plan agreement %(plan)s", plan=self.name)
