# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from collections import Counter

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_amount, format_date

from ..engine import decide, next_level_date
from ..engine.risk import (
    FULL_DAYS_LATE,
    FULL_INCIDENTS,
    WEIGHT_DAYS_LATE,
    WEIGHT_INCIDENTS,
    WEIGHT_LATE_SHARE,
    WEIGHT_OVERDUE_SHARE,
    RiskInputs,
    score_terms,
)
from .account_dunning_policy import MODES

# Who reads the Dunning tab: what only they may read is computed for them.
_TAB_GROUPS = "account_dunning_pro.group_dunning_user,sales_team.group_sale_salesman"

# Partner fields only a dunning user may change.
_DUNNING_FIELDS = {
    "dunning_level_id",
    "dunning_last_date",
    "dunning_next_date",
    "dunning_policy_forced_id",
    "dunning_mode",
    "dunning_responsible_id",
    "risk_profile_id",
    "risk_profile_locked",
    "risk_score",
    "risk_score_details",
    "dunning_escalate",
    "dunning_insolvency",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Per-company state: every field below reads the state of ``self.env.company``.
    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Dunning level",
        company_dependent=True,
        copy=False,
        help="Last post-due level sent for the open debt; empty once everything is paid.",
    )
    dunning_last_date = fields.Date(string="Last reminder", company_dependent=True, copy=False)
    dunning_next_date = fields.Date(
        string="Next reminder",
        company_dependent=True,
        copy=False,
        help="Day the next reminder falls due if nothing is paid.",
    )
    dunning_checked_date = fields.Date(
        company_dependent=True,
        copy=False,
        help="Technical: last day the nightly run examined this customer.",
    )
    dunning_policy_forced_id = fields.Many2one(
        "account.dunning.policy",
        string="Forced scenario",
        company_dependent=True,
        help="Scenario of this customer whatever its risk profile.",
    )
    dunning_policy_id = fields.Many2one(
        "account.dunning.policy",
        string="Dunning scenario",
        compute="_compute_dunning_policy_id",
        help="Effective scenario: the forced one, else the risk profile's, else the company's.",
    )
    dunning_mode = fields.Selection(
        MODES,
        string="Dunning mode",
        company_dependent=True,
        help="Leave empty to follow the scenario's mode.",
    )
    dunning_responsible_id = fields.Many2one(
        "res.users",
        string="Dunning responsible",
        company_dependent=True,
        help="Receives the call tasks; falls back to the salesperson, then to the company's "
        "default responsible.",
    )
    risk_profile_id = fields.Many2one(
        "account.dunning.risk.profile", string="Risk profile", company_dependent=True
    )
    risk_profile_locked = fields.Boolean(
        string="Profile pinned",
        company_dependent=True,
        help="Pinned by hand: the risk rescoring leaves this profile alone.",
    )
    risk_score = fields.Float(
        string="Risk score",
        company_dependent=True,
        digits=(16, 1),
        copy=False,
        help="0 pays on time, 100 pays very late.",
    )
    dunning_escalate = fields.Boolean(
        company_dependent=True,
        copy=False,
        help="Technical: a promise to pay was broken, so the next reminder goes out at once "
        "one level up, without waiting for that level's delay. Cleared once it is sent.",
    )
    risk_score_date = fields.Date(
        string="Scored on",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Last day the nightly risk rescoring scored this customer.",
    )
    dunning_policy_reason = fields.Char(
        string="Why this scenario",
        compute="_compute_dunning_policy_id",
        help="Where the effective scenario comes from: the customer, its risk profile or the "
        "company.",
    )
    dunning_credit_hold = fields.Boolean(
        string="Credit hold",
        compute="_compute_dunning_credit_hold",
        help="The customer sits at a dunning level marked credit hold: new invoices and sales "
        "for it warn, or are refused unless a Dunning Manager confirms them.",
    )
    dunning_credit_hold_message = fields.Char(
        string="Credit hold notice", compute="_compute_dunning_credit_hold"
    )
    dunning_insolvency = fields.Boolean(
        string="In insolvency proceedings",
        tracking=True,
        help="Safeguard, receivership or liquidation proceedings are open against this "
        "customer: neither late interest nor the recovery indemnity is claimed or charged.",
    )
    dunning_event_ids = fields.One2many(
        "account.dunning.event", string="Chase history", compute="_compute_dunning_event_ids"
    )
    dunning_event_count = fields.Integer(compute="_compute_dunning_event_ids")
    dunning_dispute_ids = fields.One2many(
        "account.dunning.dispute",
        "partner_id",
        string="Open disputes",
        domain=[("state", "=", "open")],
        readonly=True,
        groups="account_dunning_pro.group_dunning_user,sales_team.group_sale_salesman",
    )
    # ---- the Dunning tab and its smart buttons (read for the current company)
    risk_score_details = fields.Text(
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Technical: the inputs of the last risk score (JSON), written by the rescoring.",
    )
    risk_score_explanation = fields.Html(
        string="How the score is made",
        compute="_compute_risk_score_explanation",
        sanitize=False,
        groups=_TAB_GROUPS,
    )
    dunning_next_action = fields.Text(
        string="Next action",
        compute="_compute_dunning_next_action",
        groups=_TAB_GROUPS,
        help="What the chase does next: the next reminder and its date, what pauses it, "
        "or what waits for validation.",
    )
    dunning_currency_id = fields.Many2one("res.currency", compute="_compute_dunning_overdue_amount")
    dunning_overdue_amount = fields.Monetary(
        string="Overdue",
        compute="_compute_dunning_overdue_amount",
        currency_field="dunning_currency_id",
        groups=f"{_TAB_GROUPS},account.group_account_invoice,account.group_account_readonly",
        help="Its receivables past their due date, in the company's currency.",
    )
    dunning_reminder_count = fields.Integer(
        string="Reminders sent", compute="_compute_dunning_counts", groups=_TAB_GROUPS
    )
    dunning_plan_count = fields.Integer(
        string="Payment plans", compute="_compute_dunning_counts", groups=_TAB_GROUPS
    )
    dunning_dispute_count = fields.Integer(
        string="Disputes", compute="_compute_dunning_counts", groups=_TAB_GROUPS
    )
    dunning_promise_ids = fields.One2many(
        "account.dunning.promise",
        string="Open promises",
        compute="_compute_dunning_arrangements",
        groups=_TAB_GROUPS,
    )
    dunning_plan_ids = fields.One2many(
        "account.dunning.payment.plan",
        string="Current payment plans",
        compute="_compute_dunning_arrangements",
        groups=_TAB_GROUPS,
    )

    @api.depends_context("company")
    @api.depends("dunning_policy_forced_id", "risk_profile_id")
    def _compute_dunning_policy_id(self):
        company = self.env.company
        default = company.dunning_policy_id or self.env.ref(
            "account_dunning_pro.account_dunning_policy_standard", raise_if_not_found=False
        )
        for partner in self:
            if partner.dunning_policy_forced_id:
                partner.dunning_policy_id = partner.dunning_policy_forced_id
                partner.dunning_policy_reason = self.env._("Set on the customer")
            elif partner.risk_profile_id.policy_id:
                partner.dunning_policy_id = partner.risk_profile_id.policy_id
                partner.dunning_policy_reason = self.env._(
                    "From its risk profile %(profile)s", profile=partner.risk_profile_id.name
                )
            else:
                partner.dunning_policy_id = default
                partner.dunning_policy_reason = self.env._("Company default") if default else ""

    @api.depends_context("company")
    @api.depends("commercial_partner_id", "dunning_level_id")
    def _compute_dunning_credit_hold(self):
        for partner in self:
            partner.dunning_credit_hold_message = partner._dunning_credit_hold_message()
            partner.dunning_credit_hold = bool(partner.dunning_credit_hold_message)

    @api.depends_context("company")
    def _compute_dunning_event_ids(self):
        events = self.env["account.dunning.event"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        for partner in self:
            partner.dunning_event_ids = events.filtered(
                lambda e, p=partner: e.partner_id == p.commercial_partner_id
            )
            partner.dunning_event_count = len(partner.dunning_event_ids)

    @api.depends_context("company")
    def _compute_dunning_overdue_amount(self):
        # a form being edited (onchange) holds new records: the figures are its origin's
        customers = self.commercial_partner_id._origin
        # a sales rep reads no journal item: it sees the total, not the items
        overdue = dict(
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                self._dunning_overdue_lines_domain(customers),
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        for partner in self:
            partner.dunning_currency_id = self.env.company.currency_id
            partner.dunning_overdue_amount = overdue.get(partner.commercial_partner_id._origin, 0.0)

    @api.depends_context("company")
    def _compute_dunning_counts(self):
        """The figures of the smart buttons: one grouped query each, for all of ``self``."""
        company = self.env.company
        customers = self.commercial_partner_id._origin

        def count(model, domain):
            domain = (
                Domain(domain)
                & Domain("partner_id", "in", customers.ids)
                & Domain("company_id", "=", company.id)
            )
            return dict(self.env[model]._read_group(domain, ["partner_id"], ["__count"]))

        # a reminder sent by several channels (email and letter) is one reminder
        reminders = Counter(
            partner
            for partner, _day, _level in self.env["account.dunning.event"]._read_group(
                Domain([("event_type", "=", "reminder"), ("state", "=", "done")])
                & Domain("partner_id", "in", customers.ids)
                & Domain("company_id", "=", company.id),
                ["partner_id", "date:day", "level_id"],
            )
        )
        plans = count("account.dunning.payment.plan", [])
        disputes = count("account.dunning.dispute", [])
        for partner in self:
            customer = partner.commercial_partner_id._origin
            partner.dunning_reminder_count = reminders.get(customer, 0)
            partner.dunning_plan_count = plans.get(customer, 0)
            partner.dunning_dispute_count = disputes.get(customer, 0)

    @api.depends_context("company")
    def _compute_dunning_arrangements(self):
        customers = self.commercial_partner_id._origin
        domain = Domain("partner_id", "in", customers.ids) & Domain(
            "company_id", "=", self.env.company.id
        )
        Promise = self.env["account.dunning.promise"]
        Plan = self.env["account.dunning.payment.plan"]
        promises = Promise.search(domain & Domain("state", "=", "open")).grouped("partner_id")
        plans = Plan.search(domain & Domain("state", "in", ("draft", "active"))).grouped(
            "partner_id"
        )
        for partner in self:
            customer = partner.commercial_partner_id._origin
            partner.dunning_promise_ids = promises.get(customer, Promise)
            partner.dunning_plan_ids = plans.get(customer, Plan)

    @api.depends_context("company")
    @api.depends("risk_score_details")
    def _compute_risk_score_explanation(self):
        for partner in self:
            partner.risk_score_explanation = partner._risk_score_explanation()

    @api.depends_context("company")
    @api.depends(
        "commercial_partner_id",
        "dunning_level_id",
        "dunning_last_date",
        "dunning_mode",
        "dunning_policy_id",
        "dunning_escalate",
    )
    def _compute_dunning_next_action(self):
        today = fields.Date.context_today(self)
        # what the chase reads (invoices, arrangements) a sales rep may not: it is told
        customers = self.commercial_partner_id._origin.sudo()
        processor = self.env["account.dunning.processor"].sudo()
        lines = processor._fetch_open_lines(customers)
        paused = processor._paused_move_ids(customers, today)
        Event = self.env["account.dunning.event"].sudo()
        drafts = Event.search(
            [
                ("partner_id", "in", customers.ids),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "draft"),
            ]
        ).grouped("partner_id")
        pauses = customers._dunning_pause_notes(today)
        for partner in self:
            customer = partner.commercial_partner_id._origin.sudo()
            if not customer:
                partner.dunning_next_action = False
                continue
            notes = [
                self.env._(
                    "Waiting for validation: %(level)s, prepared on %(date)s.",
                    level=draft.level_id.name or self.env._("reminder"),
                    date=format_date(self.env, draft.date),
                )
                for draft in drafts.get(customer, Event)
            ]
            notes += pauses.get(customer, [])
            if customer not in drafts:
                lines_of = lines.get(customer.id, self.env["account.move.line"].sudo())
                notes.append(customer._dunning_next_reminder_note(lines_of, paused, today))
            partner.dunning_next_action = "\n".join(note for note in notes if note)

    def write(self, vals):
        if (
            _DUNNING_FIELDS.intersection(vals)
            and not self.env.su
            and not self.env.user.has_group("account_dunning_pro.group_dunning_user")
        ):
            raise AccessError(self.env._("Only dunning users can change a customer's dunning."))
        if "parent_id" in vals or "is_company" in vals:
            # contacts may change customer: the follow-up's figures of both are refreshed
            self.env["account.dunning.followup.summary"]._mark_dirty(
                self.search([("id", "child_of", self.ids)])
            )
        if "risk_profile_id" not in vals:
            return super().write(vals)
        # a profile set by hand: a profile only ever set by hand (key account) pins it
        profile = self.env["account.dunning.risk.profile"].browse(vals["risk_profile_id"])
        if profile.manual_only and "risk_profile_locked" not in vals:
            vals = dict(vals, risk_profile_locked=True)
        before = {partner: partner.risk_profile_id for partner in self}
        result = super().write(vals)
        for partner, old_profile in before.items():
            if partner.risk_profile_id != old_profile:
                partner._log_profile_set_by_hand(old_profile)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        Profile = self.env["account.dunning.risk.profile"]
        for vals in vals_list:
            if (
                vals.get("risk_profile_id")
                and "risk_profile_locked" not in vals
                and Profile.browse(vals["risk_profile_id"]).manual_only
            ):
                vals["risk_profile_locked"] = True
        return super().create(vals_list)

    def _log_profile_set_by_hand(self, old_profile):
        """The history event of a risk profile changed by a person."""
        self.ensure_one()
        self.env["account.dunning.event"]._log_event(
            self,
            "profile_change",
            self.env._(
                "Risk profile %(old)s → %(new)s: set by hand by %(user)s (score %(score)s).",
                old=old_profile.name or self.env._("(none)"),
                new=self.risk_profile_id.name or self.env._("(none)"),
                user=self.env.user.name,
                score=f"{self.risk_score:g}",
            ),
            policy_id=self.dunning_policy_id.id,
            reason_code="set_by_hand",
        )

    # ---- the Dunning tab --------------------------------------------------

    @api.model
    def _dunning_overdue_lines_domain(self, customers):
        """The overdue receivable items of ``customers`` in the current company."""
        return (
            self.env["account.dunning.processor"]._open_items_domain()
            & Domain("company_id", "=", self.env.company.id)
            & Domain("partner_id", "in", customers.ids)
            & Domain("amount_residual", ">", 0)
            & Domain("date_maturity", "<", fields.Date.context_today(self))
        )

    def _dunning_pause_notes(self, today):
        """``{customer: [sentence]}``: what holds back the chase of these customers
        (commercial partners) today: plans, promises and disputes."""
        company = self.env.company
        domain = Domain("partner_id", "in", self.ids) & Domain("company_id", "=", company.id)
        grace = company.dunning_grace_days
        notes = {}
        for plan in self.env["account.dunning.payment.plan"].search(
            domain & Domain("state", "=", "active")
        ):
            notes.setdefault(plan.partner_id, []).append(
                self.env._(
                    "Paused by the payment plan %(plan)s: its invoices are not chased while "
                    "the instalments are paid.",
                    plan=plan.name,
                )
            )
        for promise in self.env["account.dunning.promise"].search(
            domain
            & Domain("state", "=", "open")
            & Domain("date", ">=", fields.Date.subtract(today, days=grace))
        ):
            notes.setdefault(promise.partner_id, []).append(
                self.env._(
                    "Promised to pay %(amount)s by %(date)s: its invoices are not chased "
                    "until %(deadline)s.",
                    amount=format_amount(self.env, promise.amount, promise.currency_id),
                    date=format_date(self.env, promise.date),
                    deadline=format_date(self.env, promise.deadline),
                )
            )
        for dispute in self.env["account.dunning.dispute"].search(
            domain & Domain("state", "=", "open")
        ):
            notes.setdefault(dispute.partner_id, []).append(
                self.env._(
                    "Invoice %(invoice)s is disputed: it is not chased until the dispute "
                    "is settled.",
                    invoice=dispute.move_id.name,
                )
            )
        return notes

    def _dunning_next_reminder_note(self, lines, paused_moves, today):
        """The next reminder of this customer (a commercial partner, with its open
        ``lines``), as the nightly run would decide it, in a sentence."""
        self.ensure_one()
        processor = self.env["account.dunning.processor"]
        chase = processor._decide(self, lines, paused_moves, today)
        if chase is None:
            return self.env._("No dunning scenario applies to this customer.") if lines else ""
        policy, decision = chase["policy"], chase["decision"]
        args = (policy.min_amount, policy.allow_level_jump, self.dunning_escalate)
        when = today
        if decision and decision.level and decision.skip_reason:
            return processor._skip_reason_text(decision.skip_reason, policy)
        if not (decision and decision.level):
            when = next_level_date(chase["items"], chase["levels"], today, chase["last"], *args)
            if not when:
                overdue = [
                    item for item in chase["items"] if item.due_date < today and item.residual > 0
                ]
                if not overdue:
                    return self.env._("Nothing overdue: no reminder is planned.")
                if all(item.excluded for item in overdue):
                    return ""  # in a plan, promised or disputed: the pauses say it
                return self.env._(
                    "No further reminder: the scenario %(policy)s has nothing more to send.",
                    policy=policy.name,
                )
            decision = decide(chase["items"], chase["levels"], when, chase["last"], *args)
        level = self.env["account.dunning.level"].browse(decision.level.key)
        if when == today:
            note = self.env._("Next reminder: %(level)s, due today.", level=level.name)
        else:
            note = self.env._(
                "Next reminder: %(level)s on %(date)s.",
                level=level.name,
                date=format_date(self.env, when),
            )
        mode = self.dunning_mode or policy.mode
        if mode == "semi_automatic":
            note += " " + self.env._("It will wait for validation (semi-automatic mode).")
        elif mode == "manual":
            note += " " + self.env._("It is sent only by hand (manual mode).")
        return note

    def _risk_score_explanation(self):
        """How the customer's last risk score was made, as an HTML table; False when
        it was never scored in the current company."""
        self.ensure_one()
        try:
            details = json.loads(self.risk_score_details or "null")
        except ValueError:
            details = None
        if not isinstance(details, dict):
            return False
        inputs = RiskInputs(
            avg_days_late=float(details.get("avg_days_late", 0.0)),
            late_share=float(details.get("late_share", 0.0)),
            overdue_share=float(details.get("overdue_share", 0.0)),
            incidents=int(details.get("incidents", 0)),
        )
        terms = score_terms(inputs)
        paid, late = details.get("paid_count", 0), details.get("paid_late_count", 0)
        currency = self.env.company.currency_id

        def number(value):
            return f"{round(value, 1):g}"

        def amount(value):
            return format_amount(self.env, value or 0.0, currency)

        rows = [
            (
                self.env._("Average days late, weighted by amount"),
                self.env._("%(days)s days", days=number(inputs.avg_days_late)),
                f"{WEIGHT_DAYS_LATE:g} × "
                f"{number(min(inputs.avg_days_late, FULL_DAYS_LATE))}/{FULL_DAYS_LATE:g}",
                terms["days_late"],
            ),
            (
                self.env._("Invoices paid late"),
                self.env._("%(late)s of %(paid)s", late=late, paid=paid),
                f"{WEIGHT_LATE_SHARE:g} × {late}/{paid}" if paid else f"{WEIGHT_LATE_SHARE:g} × 0",
                terms["late_share"],
            ),
            (
                self.env._("Overdue share of the open balance"),
                self.env._(
                    "%(overdue)s of %(open)s",
                    overdue=amount(details.get("overdue_amount")),
                    open=amount(details.get("open_amount")),
                ),
                f"{WEIGHT_OVERDUE_SHARE:g} × {number(inputs.overdue_share * 100)} %",
                terms["overdue_share"],
            ),
            (
                self.env._("Promises broken and payment plans breached"),
                str(inputs.incidents),
                f"{WEIGHT_INCIDENTS:g} × {min(inputs.incidents, FULL_INCIDENTS)}/{FULL_INCIDENTS}",
                terms["incidents"],
            ),
        ]
        head = Markup("").join(
            Markup("<th>%s</th>") % label
            for label in (
                self.env._("Input"),
                self.env._("This customer"),
                self.env._("Calculation"),
                self.env._("Points"),
            )
        )
        body = Markup("").join(
            Markup(
                "<tr><td>%s</td><td>%s</td><td class='text-nowrap'>%s</td>"
                "<td class='text-end'>%s</td></tr>"
            )
            % (label, value, formula, number(points))
            for label, value, formula, points in rows
        )
        total = Markup(
            "<tr class='fw-bold'><td colspan='2'>%s</td><td class='text-nowrap'>%s</td>"
            "<td class='text-end'>%s</td></tr>"
        ) % (
            self.env._("Risk score (out of 100)"),
            " + ".join(number(points) for *_rest, points in rows),
            number(float(details.get("score", self.risk_score))),
        )
        since = fields.Date.to_date(details.get("since"))
        scored = fields.Date.to_date(details.get("date"))
        caption = self.env._(
            "Payments from %(since)s to %(date)s; an invoice still overdue weighs in the "
            "average days late by its days late so far. 0 pays on time, 100 pays very late.",
            since=format_date(self.env, since) if since else "-",
            date=format_date(self.env, scored) if scored else "-",
        )
        return Markup(
            "<table class='table table-sm mb-1 o_dunning_risk_explanation'>"
            "<thead><tr>%s</tr></thead><tbody>%s%s</tbody></table>"
            "<div class='text-muted small'>%s</div>"
        ) % (head, body, total, caption)

    # ---- credit hold ------------------------------------------------------

    def _dunning_credit_hold_message(self, company=None):
        """What a person sees about the credit hold of this customer in ``company``
        (default: the current one), or ``""`` when there is none."""
        self.ensure_one()
        company = company or self.env.company
        customer = self.commercial_partner_id.with_company(company)
        level = customer.sudo().dunning_level_id
        if not level.credit_hold:
            return ""
        if company.dunning_credit_hold_mode == "block":
            return self.env._(
                "Credit hold: %(customer)s is at dunning level %(level)s. New invoices and "
                "sales for this customer are refused unless a Dunning Manager confirms them.",
                customer=customer.name,
                level=level.name,
            )
        return self.env._(
            "Credit hold: %(customer)s is at dunning level %(level)s. Check its overdue "
            "invoices before invoicing or selling more.",
            customer=customer.name,
            level=level.name,
        )

    def _dunning_check_credit_hold(self, company, document):
        """Refuse ``document`` (its name, for the message) for this customer when it is
        on credit hold in ``company`` in block mode, unless the user is a Dunning
        Manager. Technical flows (superuser) are never refused."""
        self.ensure_one()
        if (
            company.dunning_credit_hold_mode != "block"
            or self.env.su
            or self.env.user.has_group("account_dunning_pro.group_dunning_manager")
        ):
            return
        customer = self.commercial_partner_id.with_company(company)
        level = customer.sudo().dunning_level_id
        if level.credit_hold:
            raise UserError(
                self.env._(
                    "%(document)s cannot be confirmed: %(customer)s is on credit hold at "
                    "dunning level %(level)s. Ask a Dunning Manager, or collect the overdue "
                    "invoices first.",
                    document=document,
                    customer=customer.name,
                    level=level.name,
                )
            )

    def action_dunning_send_now(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.dunning.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    def action_dunning_charge_penalties(self):
        """Draft the penalty invoice of the late interest and indemnity not charged yet."""
        self.ensure_one()
        if not self.env.user.has_group("account_dunning_pro.group_dunning_user"):
            raise AccessError(self.env._("Only dunning users can charge penalties."))
        move = self.env["account.dunning.processor"]._charge_penalties_now(
            self.commercial_partner_id
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_dunning_log_call(self):
        """Log a call to the customer: its outcome, in a dialog (account.dunning.call)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        self.env["account.dunning.call"]._check_can_chase(partner)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a call"),
            "res_model": "account.dunning.call",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": partner.id},
        }

    def action_dunning_record_promise(self):
        """Record a promise to pay: its form, filled with the customer's overdue invoices."""
        self.ensure_one()
        partner = self.commercial_partner_id
        overdue = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", partner.id),
                ("company_id", "=", self.env.company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            ],
            order="invoice_date_due, id",
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a promise to pay"),
            "res_model": "account.dunning.promise",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_partner_id": partner.id,
                "default_move_ids": [fields.Command.set(overdue.ids)],
                "default_amount": self.env.company.currency_id.round(
                    sum(overdue.mapped("amount_residual_signed"))
                ),
            },
        }

    def action_dunning_open_overdue(self):
        """Smart button: the customer's overdue invoices in the current company."""
        self.ensure_one()
        if not self.env["account.move"].has_access("read"):
            raise AccessError(self.env._("You are not allowed to read invoices."))
        lines = self.env["account.move.line"].search(
            self._dunning_overdue_lines_domain(self.commercial_partner_id)
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        title = self.env._("Overdue invoices")
        action.update(
            name=title,
            display_name=title,
            domain=[("id", "in", lines.move_id.ids)],
            context={"default_move_type": "out_invoice", "create": False},
        )
        return action

    def action_dunning_open_plans(self):
        """Smart button: the customer's payment plans in the current company."""
        return self._dunning_open_arrangements(
            "account_dunning_pro.account_dunning_payment_plan_action",
            # their form lists the invoices, which a sales rep does not read: the list only
            list_only=not self.env.user.has_group("account_dunning_pro.group_dunning_user"),
        )

    def action_dunning_open_disputes(self):
        """Smart button: the customer's disputes in the current company."""
        return self._dunning_open_arrangements(
            "account_dunning_pro.account_dunning_dispute_action", list_only=False
        )

    def _dunning_open_arrangements(self, xmlid, list_only):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [
            ("partner_id", "=", customer.id),
            ("company_id", "=", self.env.company.id),
        ]
        if self.env.user.has_group("account_dunning_pro.group_dunning_user"):
            action["context"] = {"default_partner_id": customer.id}
        else:
            action["context"] = {"create": False, "edit": False, "delete": False}
        if list_only:
            action.update(view_mode="list", views=[(False, "list")])
        return action

    def action_open_dunning_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_event_action"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
            ("company_id", "=", self.env.company.id),
        ]
        action["context"] = {}
        return action
