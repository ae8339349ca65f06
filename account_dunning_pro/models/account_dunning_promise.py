# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date

# What a person may no longer change once the promise is kept or broken.
_FROZEN_WHEN_SETTLED = {"partner_id", "company_id", "move_ids", "amount", "date", "recorded_date"}


class AccountDunningPromise(models.Model):
    """A customer's promise to pay: its invoices are not chased until the promised
    date plus the company's grace period. The nightly run marks it kept as soon as
    the payments reach the amount, or broken once the grace period is over."""

    _name = "account.dunning.promise"
    _description = "Promise to pay"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    amount = fields.Monetary(required=True, tracking=True)
    date = fields.Date(string="Promised for", required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")],
        default="open",
        required=True,
        tracking=True,
        index=True,
        readonly=True,
    )
    note = fields.Text()
    recorded_date = fields.Date(
        string="Recorded on",
        required=True,
        readonly=True,
        copy=False,
        default=fields.Date.context_today,
        help="Payments on the invoices count towards the promise from this day on.",
    )
    deadline = fields.Date(
        string="Kept if paid by",
        compute="_compute_deadline",
        help="The promised date plus the company's grace period. Until then the invoices "
        "are not chased; the day after, the promise is broken unless the amount is paid.",
    )
    amount_paid = fields.Monetary(
        string="Paid so far",
        compute="_compute_amount_paid",
        help="Payments on the invoices dated from the day the promise was recorded up to "
        "the promised date plus the grace period.",
    )
    settled_date = fields.Date(
        string="Settled on",
        readonly=True,
        copy=False,
        help="Day the nightly run found the promise kept or broken.",
    )

    _amount_positive = models.Constraint("CHECK(amount > 0)", "A promised amount must be positive.")

    @api.depends("partner_id", "amount", "date")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(partner)s: %(amount)s promised for %(date)s",
                partner=promise.partner_id.name or "",
                amount=format_amount(self.env, promise.amount, promise.currency_id),
                date=format_date(self.env, promise.date),
            )

    @api.depends("date", "company_id.dunning_grace_days")
    def _compute_deadline(self):
        for promise in self:
            promise.deadline = promise.date and promise.date + timedelta(
                days=promise.company_id.dunning_grace_days
            )

    @api.depends("move_ids", "recorded_date", "deadline")
    def _compute_amount_paid(self):
        paid = self._paid_amounts()
        for promise in self:
            promise.amount_paid = paid.get(promise.id, 0.0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for promise in self.filtered(lambda p: p.state == "open"):
            if promise.date < today:
                raise ValidationError(
                    self.env._(
                        "A promise to pay cannot be for a day in the past (%(date)s).",
                        date=format_date(self.env, promise.date),
                    )
                )

    @api.constrains("partner_id", "move_ids", "amount")
    def _check_moves(self):
        for promise in self.filtered(lambda p: p.state == "open"):
            promise._check_moves_one()

    def _check_moves_one(self):
        moves = self.move_ids
        if not moves:
            raise ValidationError(self.env._("Choose the invoices the customer promises to pay."))
        foreign = moves.filtered(
            lambda m: m.commercial_partner_id != self.partner_id.commercial_partner_id
        )
        if foreign:
            raise ValidationError(
                self.env._(
                    "%(invoices)s: not an invoice of %(partner)s.",
                    invoices=", ".join(foreign.mapped("display_name")),
                    partner=self.partner_id.display_name,
                )
            )
        not_invoices = moves.filtered(lambda m: m.move_type != "out_invoice" or m.state != "posted")
        if not_invoices:
            raise ValidationError(
                self.env._(
                    "%(invoices)s: only posted customer invoices can be promised.",
                    invoices=", ".join(not_invoices.mapped("display_name")),
                )
            )
        paid = moves.filtered(lambda m: m.company_currency_id.is_zero(m.amount_residual_signed))
        if paid:
            raise ValidationError(
                self.env._(
                    "%(invoices)s: already paid, there is nothing left to promise.",
                    invoices=", ".join(paid.mapped("display_name")),
                )
            )
        # What the invoices still owe, plus what was already paid on them since the
        # promise was recorded (it counts towards the promise): a promise above that
        # could never be kept, and would be broken whatever the customer does.
        owed = sum(moves.mapped("amount_residual_signed")) + self.amount_paid
        if self.currency_id.compare_amounts(self.amount, owed) > 0:
            raise ValidationError(
                self.env._(
                    "The promised amount (%(amount)s) is more than the invoices still owe "
                    "(%(owed)s).",
                    amount=format_amount(self.env, self.amount, self.currency_id),
                    owed=format_amount(self.env, owed, self.currency_id),
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        commercial = self.partner_id.commercial_partner_id
        self.move_ids = self.move_ids.filtered(lambda m: m.commercial_partner_id == commercial)

    @api.model
    def _prepare_vals(self, vals):
        """Checks the amount before the database does (its constraint is the last guard,
        with an untranslated message), and gives the promise to the commercial
        partner, as the chase does."""
        if "amount" in vals and (vals["amount"] or 0.0) <= 0:
            raise ValidationError(self.env._("The promised amount must be more than zero."))
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals = {**vals, "partner_id": partner.commercial_partner_id.id}
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._prepare_vals(vals) for vals in vals_list])

    def write(self, vals):
        if _FROZEN_WHEN_SETTLED.intersection(vals) and self.filtered(lambda p: p.state != "open"):
            raise UserError(
                self.env._(
                    "A kept or broken promise is part of the customer's record: only its "
                    "note can be changed."
                )
            )
        return super().write(self._prepare_vals(vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled(self):
        if self.filtered(lambda p: p.state != "open"):
            raise UserError(
                self.env._(
                    "A kept or broken promise is part of the customer's record: it cannot "
                    "be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Settlement
    # ------------------------------------------------------------------

    def _paid_amounts(self):
        """``{promise id: amount}`` paid on each promise's invoices, in the company
        currency, by payments (and credit notes) dated from the day the promise was
        recorded up to its date plus the grace period. One query for all of ``self``.

        A payment dated later does not keep the promise, even once reconciled. One
        dated the day the promise was recorded counts: the customer who pays right
        after the call has kept its word (and one paid earlier that day was already
        deducted from what the invoices owed when the amount was checked).
        """
        promises = self.filtered("id")
        if not promises:
            return {}
        for model in ("account.dunning.promise", "account.move.line", "account.partial.reconcile"):
            self.env[model].flush_model()
        self.env["res.company"].flush_model(["dunning_grace_days"])
        rel = self._fields["move_ids"]
        rows = self.env.execute_query(
            SQL(
                """
                SELECT promise.id, COALESCE(SUM(partial.amount), 0)
                  FROM account_dunning_promise promise
                  JOIN res_company company ON company.id = promise.company_id
                  JOIN %(rel)s rel ON rel.%(promise_col)s = promise.id
                  JOIN account_move_line line
                    ON line.move_id = rel.%(move_col)s
                  JOIN account_account account
                    ON account.id = line.account_id
                   AND account.account_type = 'asset_receivable'
                  JOIN account_partial_reconcile partial
                    ON partial.debit_move_id = line.id
                   AND partial.max_date >= promise.recorded_date
                   AND partial.max_date <= promise.date + company.dunning_grace_days
                 WHERE promise.id IN %(ids)s
              GROUP BY promise.id
                """,
                rel=SQL.identifier(rel.relation),
                promise_col=SQL.identifier(rel.column1),
                move_col=SQL.identifier(rel.column2),
                ids=tuple(promises.ids),
            )
        )
        return dict(rows)

    @api.model
    def _cron_settle(self, today):
        """Nightly, per company (``self.env.company``): the open promises whose
        payments reached the amount are kept; those still short the day after their
        date plus the grace period are broken, and their customers' chase resumes
        one level up at once. A constant number of queries, whatever the number of
        promises."""
        company = self.env.company
        promises = self.search([("company_id", "=", company.id), ("state", "=", "open")])
        if not promises:
            return
        paid = promises._paid_amounts()
        currency = company.currency_id
        kept = promises.filtered(
            lambda p: currency.compare_amounts(paid.get(p.id, 0.0), p.amount) >= 0
        )
        broken = (promises - kept).filtered(lambda p: p.deadline < today)
        settled = kept | broken
        kept.with_context(mail_notrack=True).write({"state": "kept", "settled_date": today})
        broken.with_context(mail_notrack=True).write({"state": "broken", "settled_date": today})
        if broken:
            broken.partner_id.sudo().write({"dunning_escalate": True})
        if settled:
            self.env["account.dunning.event"].sudo().create(
                [promise._settlement_event_vals(paid.get(promise.id, 0.0)) for promise in settled]
            )

    def _settlement_event_vals(self, paid):
        """The history line of a kept or broken promise (what ``_log_event`` writes,
        for all the night's promises in one INSERT)."""
        self.ensure_one()
        amounts = {
            "amount": format_amount(self.env, self.amount, self.currency_id),
            "date": format_date(self.env, self.date),
            "paid": format_amount(self.env, paid, self.currency_id),
        }
        if self.state == "kept":
            reason = self.env._(
                "Promise of %(amount)s for %(date)s kept: %(paid)s paid.", **amounts
            )
        else:
            reason = self.env._(
                "Promise of %(amount)s for %(date)s broken: only %(paid)s paid by %(deadline)s. "
                "The chase resumes at the next level.",
                deadline=format_date(self.env, self.deadline),
                **amounts,
            )
        return {
            "partner_id": self.partner_id.commercial_partner_id.id,
            "company_id": self.company_id.id,
            "event_type": "promise",
            "state": "done",
            "reason": reason,
            "reason_code": f"promise_{self.state}",
            "user_id": self.env.user.id,
            "run_id": self.env.context.get("dunning_run_id", False),
            "move_ids": [fields.Command.set(self.move_ids.ids)],
        }
