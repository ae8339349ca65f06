# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_amount
from odoo.tools.translate import LazyTranslate

from ..engine import next_level_date

_lt = LazyTranslate(__name__)


class AccountDunningFollowup(models.Model):
    """The follow-up list: one read-only row per customer to chase in the current company.

    A customer (commercial partner) shows when it has overdue receivables or a
    dunning level. The row id is the partner id. The whole list is one query,
    built for ``self.env.company`` and today (``context_today``) each time it is
    read, so it never shows another company's customers. Its amounts come from
    the pre-aggregated ``account.dunning.followup.summary``, and from the open
    lines only for the partners whose summary no longer holds today: opening the
    kanban on a large book stays fast (bench/bench_kanban.py).
    """

    _name = "account.dunning.followup"
    _description = "Customer follow-up"
    _auto = False
    _rec_name = "partner_id"
    _order = "days_late desc, amount_overdue desc, id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_open = fields.Monetary(
        string="Open amount",
        readonly=True,
        help="All its open receivables, due or not, in the company's currency.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue amount",
        readonly=True,
        help="Its receivables past their due date, in the company's currency, "
        "including the invoices excluded from the chase.",
    )
    oldest_due_date = fields.Date(
        string="Oldest due date",
        readonly=True,
        aggregator="min",
        help="Due date of its oldest overdue item.",
    )
    days_late = fields.Integer(
        string="Days late",
        readonly=True,
        aggregator="max",
        help="Days since the due date of its oldest overdue item.",
    )
    # not readonly: dragging a card to another column of the kanban writes it (see write)
    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Level",
        group_expand="_read_group_dunning_level_ids",
        # translated as Odoo's own falsy labels are (project, sale_timesheet)
        falsy_value_label=_lt("Not reminded yet"),  # pylint: disable=translation-field
    )
    dunning_last_date = fields.Date(string="Last reminder", readonly=True)
    dunning_next_date = fields.Date(string="Next reminder", readonly=True)
    responsible_id = fields.Many2one(
        "res.users",
        readonly=True,
        help="Who gets the call tasks: the customer's dunning responsible, else its "
        "salesperson, else the company's default responsible, else the user of the "
        "nightly run.",
    )
    risk_profile_id = fields.Many2one(
        "account.dunning.risk.profile", string="Risk profile", readonly=True
    )
    risk_profile_color = fields.Integer(string="Profile colour", readonly=True)
    policy_id = fields.Many2one(
        "account.dunning.policy",
        string="Scenario",
        readonly=True,
        help="Effective scenario: the forced one, else the risk profile's, else the company's.",
    )
    pause = fields.Selection(
        [("plan", "Payment plan"), ("promise", "Promise to pay")],
        string="Paused by",
        readonly=True,
        help="Open invoices of this customer are in an active payment plan or promised "
        "for a later date (plus the grace period): their chase waits.",
    )
    promise_date = fields.Date(
        string="Promised for",
        readonly=True,
        help="Earliest date of its promises to pay still running.",
    )
    promised = fields.Boolean(
        readonly=True, help="A promise to pay of this customer is still running."
    )
    in_plan = fields.Boolean(
        string="In a payment plan",
        readonly=True,
        help="Open invoices of this customer are in an active payment plan.",
    )
    dispute = fields.Boolean(
        string="Disputed", readonly=True, help="The customer disputes one of its invoices."
    )
    credit_hold = fields.Boolean(
        string="Credit hold", readonly=True, help="Its level puts the customer on credit hold."
    )
    waiting_validation = fields.Boolean(
        string="Waiting validation",
        readonly=True,
        help="A reminder prepared by the nightly run (semi-automatic) waits for a person "
        "to validate it.",
    )
    overdue_currencies = fields.Json(
        string="Overdue per currency",
        readonly=True,
        help="Technical: its overdue amount in each invoice currency.",
    )
    overdue_in_currencies = fields.Boolean(
        string="Overdue in other currencies",
        readonly=True,
        help="Technical: something overdue is in another currency than the company's.",
    )
    amount_overdue_display = fields.Char(
        string="Overdue by currency", compute="_compute_amount_overdue_display"
    )
    next_level_id = fields.Many2one(
        "account.dunning.level",
        string="Next level",
        compute="_compute_next_level_id",
        help="The level the chase goes to next, on the next reminder date.",
    )
    next_level_name = fields.Char(string="Next step", compute="_compute_next_level_id")

    # Flushed before the list is read.
    _depends = {
        "account.move.line": [
            "account_id",
            "amount_residual",
            "amount_residual_currency",
            "company_id",
            "currency_id",
            "date",
            "date_maturity",
            "move_id",
            "parent_state",
            "partner_id",
            "reconciled",
        ],
        "res.partner": [
            "commercial_partner_id",
            "dunning_last_date",
            "dunning_level_id",
            "dunning_next_date",
            "dunning_policy_forced_id",
            "dunning_responsible_id",
            "risk_profile_id",
            "user_id",
        ],
        # read instead of the lines: flushing it brings it up to date (see its flush_model)
        "account.dunning.followup.summary": [
            "amount_open",
            "amount_overdue",
            "company_id",
            "date",
            "next_due_date",
            "oldest_due_date",
            "overdue_currencies",
            "overdue_in_currencies",
            "partner_id",
        ],
        "account.dunning.risk.profile": ["color", "policy_id"],
        "account.dunning.level": ["credit_hold"],
        "account.dunning.dispute": ["company_id", "partner_id", "state"],
        "account.dunning.event": ["company_id", "partner_id", "state"],
        "account.dunning.payment.plan": ["company_id", "move_ids", "partner_id", "state"],
        "account.dunning.promise": ["company_id", "date", "move_ids", "partner_id", "state"],
        "res.company": [
            "currency_id",
            "dunning_grace_days",
            "dunning_policy_id",
            "dunning_responsible_id",
        ],
    }

    @property
    def _table_query(self):
        # a property: today and the company are those of each query, not of the registry
        # load. Built once per transaction for the same inputs: the kanban's opening
        # queries the view once per column.
        today = fields.Date.context_today(self)
        company = self.env.company
        default_policy, fallback = self._company_defaults(company)
        key = (
            "account.dunning.followup",
            company.id,
            today,
            company.currency_id.id,
            company.dunning_grace_days,
            default_policy.id,
            fallback.id,
        )
        cache = self.env.cr.cache
        if key not in cache:
            cache[key] = self._build_table_query(company, today, default_policy, fallback)
        return cache[key]

    @api.model
    def _company_defaults(self, company):
        """(default scenario, fallback responsible) of ``company``, once per transaction."""
        key = (
            "account.dunning.followup.defaults",
            company.id,
            company.dunning_policy_id.id,
            company.dunning_responsible_id.id,
        )
        cache = self.env.cr.cache
        if key not in cache:
            cache[key] = (
                company.dunning_policy_id
                or self.env.ref(
                    "account_dunning_pro.account_dunning_policy_standard",
                    raise_if_not_found=False,
                )
                or self.env["account.dunning.policy"],
                self.env["account.dunning.processor"]._fallback_responsible(company),
            )
        return cache[key]

    @api.model
    def _build_table_query(self, company, today, default_policy, fallback):
        partners = self.env["res.partner"].sudo().with_company(company)
        Summary = self.env["account.dunning.followup.summary"]

        def partner_field(fname):
            # company-dependent fields are jsonb keyed by company id: the field writes the
            # SQL; for a many2one, the raw id (the joins below drop ids of deleted records,
            # set-based rather than the field's check on each row)
            return fields.Field.to_sql(partners._fields[fname], partners, "partner")

        return SQL(
            """
            WITH items AS (
                SELECT partner_id, amount_open, amount_overdue, oldest_due_date,
                       overdue_currencies, overdue_in_currencies
                  FROM account_dunning_followup_summary
                 WHERE company_id = %(company_id)s
                   AND date <= %(today)s
                   AND (next_due_date IS NULL OR next_due_date >= %(today)s)
                 UNION ALL
                -- the customers whose summary no longer holds today: from their lines
                SELECT live.partner_id, live.amount_open, live.amount_overdue,
                       live.oldest_due_date, live.overdue_currencies, live.overdue_in_currencies
                  FROM account_dunning_followup_summary AS stale
                 CROSS JOIN LATERAL (%(live)s) AS live
                 WHERE stale.company_id = %(company_id)s
                   AND (stale.date > %(today)s OR stale.next_due_date < %(today)s)
            ),
            paused AS (%(paused_moves)s),
            -- the paused invoices still open, each looked up by its lines
            pauses AS (
                SELECT paused.partner_id,
                       BOOL_OR(paused.reason = 'plan') AS in_plan,
                       MIN(paused.date) FILTER (WHERE paused.reason = 'promise') AS promise_date
                  FROM paused
                 CROSS JOIN LATERAL (%(paused_lines)s LIMIT 1) AS open_line
                 GROUP BY paused.partner_id
            )
            SELECT partner.id AS id,
                   partner.id AS partner_id,
                   %(company_id)s AS company_id,
                   %(currency_id)s AS currency_id,
                   COALESCE(items.amount_open, 0) AS amount_open,
                   COALESCE(items.amount_overdue, 0) AS amount_overdue,
                   items.oldest_due_date AS oldest_due_date,
                   COALESCE(%(today)s::date - items.oldest_due_date, 0) AS days_late,
                   level.id AS dunning_level_id,
                   %(last_date)s AS dunning_last_date,
                   %(next_date)s AS dunning_next_date,
                   COALESCE(responsible.id, partner.user_id, %(fallback)s) AS responsible_id,
                   profile.id AS risk_profile_id,
                   profile.color AS risk_profile_color,
                   COALESCE(forced.id, profile.policy_id, %(default_policy)s) AS policy_id,
                   CASE
                       WHEN pauses.in_plan THEN 'plan'
                       WHEN pauses.promise_date IS NOT NULL THEN 'promise'
                   END AS pause,
                   pauses.promise_date AS promise_date,
                   pauses.promise_date IS NOT NULL AS promised,
                   COALESCE(pauses.in_plan, FALSE) AS in_plan,
                   EXISTS (
                       SELECT 1 FROM account_dunning_dispute dispute
                        WHERE dispute.partner_id = partner.id
                          AND dispute.company_id = %(company_id)s
                          AND dispute.state = 'open'
                   ) AS dispute,
                   COALESCE(level.credit_hold, FALSE) AS credit_hold,
                   EXISTS (
                       SELECT 1 FROM account_dunning_event event
                        WHERE event.partner_id = partner.id
                          AND event.company_id = %(company_id)s
                          AND event.state = 'draft'
                   ) AS waiting_validation,
                   items.overdue_currencies AS overdue_currencies,
                   COALESCE(items.overdue_in_currencies, FALSE) AS overdue_in_currencies
              FROM res_partner partner
              LEFT JOIN items ON items.partner_id = partner.id
              LEFT JOIN pauses ON pauses.partner_id = partner.id
              LEFT JOIN account_dunning_level level ON level.id = %(level)s
              LEFT JOIN account_dunning_risk_profile profile ON profile.id = %(risk_profile)s
              LEFT JOIN res_users responsible ON responsible.id = %(responsible)s
              LEFT JOIN account_dunning_policy forced ON forced.id = %(forced_policy)s
             WHERE items.amount_overdue > 0 OR level.id IS NOT NULL
            """,
            live=Summary._totals_sql(
                Summary._lines_sql(today, company, customers=SQL("(stale.partner_id)"))
            ),
            paused_lines=Summary._lines_sql(
                today, company, customers=SQL("(paused.partner_id)"), moves=SQL("paused.move_id")
            ),
            paused_moves=self._paused_moves_sql(today),
            company_id=company.id,
            currency_id=company.currency_id.id,
            today=today,
            level=partner_field("dunning_level_id"),
            last_date=partner_field("dunning_last_date"),
            next_date=partner_field("dunning_next_date"),
            responsible=partner_field("dunning_responsible_id"),
            fallback=fallback.id or None,
            risk_profile=partner_field("risk_profile_id"),
            forced_policy=partner_field("dunning_policy_forced_id"),
            default_policy=default_policy.id or None,
        )

    @api.model
    def _paused_moves_sql(self, today):
        """(partner_id, move_id, reason, date) of the invoices whose chase pauses.

        Mirrors the processor's ``_paused_move_ids``: the invoices of an active
        payment plan, and those of a promise to pay still open whose date plus the
        company's grace period is not over.
        """
        company_id = self.env.company.id
        plan_moves = self.env["account.dunning.payment.plan"]._fields["move_ids"]
        promise_moves = self.env["account.dunning.promise"]._fields["move_ids"]
        return SQL(
            """
            SELECT plan.partner_id, rel.%(plan_move)s AS move_id,
                   'plan' AS reason, NULL::date AS date
              FROM account_dunning_payment_plan plan
              JOIN %(plan_rel)s rel ON rel.%(plan_col)s = plan.id
             WHERE plan.company_id = %(company_id)s AND plan.state = 'active'
            UNION ALL
            SELECT promise.partner_id, rel.%(promise_move)s AS move_id,
                   'promise' AS reason, promise.date AS date
              FROM account_dunning_promise promise
              JOIN %(promise_rel)s rel ON rel.%(promise_col)s = promise.id
             WHERE promise.company_id = %(company_id)s
               AND promise.state = 'open'
               AND promise.date + %(grace)s >= %(today)s
            """,
            plan_rel=SQL.identifier(plan_moves.relation),
            plan_col=SQL.identifier(plan_moves.column1),
            plan_move=SQL.identifier(plan_moves.column2),
            promise_rel=SQL.identifier(promise_moves.relation),
            promise_col=SQL.identifier(promise_moves.column1),
            promise_move=SQL.identifier(promise_moves.column2),
            company_id=company_id,
            today=today,
            grace=self.env.company.dunning_grace_days,
        )

    # ------------------------------------------------------------------
    # Columns and computes
    # ------------------------------------------------------------------

    @api.model
    def _read_group_dunning_level_ids(self, levels, domain):
        """The kanban's columns: every level after the due date of the scenarios in use
        in the company, even empty ones (the levels already on the board stay)."""
        company = self.env.company
        policies = company.dunning_policy_id or self.env.ref(
            "account_dunning_pro.account_dunning_policy_standard", raise_if_not_found=False
        )
        policies |= (
            self.env["account.dunning.risk.profile"].search([("policy_id", "!=", False)]).policy_id
        )
        forced = self.env["res.partner"]._read_group(
            [("dunning_policy_forced_id", "!=", False)], ["dunning_policy_forced_id"]
        )
        policies |= self.env["account.dunning.policy"].union(*(policy for [policy] in forced))
        policies = policies.filtered(lambda p: not p.company_id or p.company_id == company)
        return self.env["account.dunning.level"].search(
            Domain("id", "in", levels.ids)
            | (Domain("policy_id", "in", policies.ids) & Domain("delay", ">=", 0))
        )

    @api.depends("overdue_currencies", "overdue_in_currencies")
    def _compute_amount_overdue_display(self):
        # only where the card shows it: something overdue in another currency
        Currency = self.env["res.currency"]
        for row in self:
            amounts = row.overdue_currencies or {}
            if not (row.overdue_in_currencies and amounts):
                row.amount_overdue_display = False
                continue
            currencies = Currency.browse(int(currency_id) for currency_id in amounts)
            row.amount_overdue_display = " + ".join(
                format_amount(self.env, amounts[str(currency.id)], currency)
                for currency in currencies.sorted("name")
            )

    @api.depends("policy_id", "dunning_level_id")
    def _compute_next_level_id(self):
        # the levels after the due date of each scenario, in order: once for all the rows
        steps = {
            policy: policy.level_ids.filtered(lambda level: level.delay >= 0)
            for policy in self.policy_id
        }
        processor = self.env["account.dunning.processor"]
        for row in self:
            levels = steps.get(row.policy_id, self.env["account.dunning.level"])
            current = row.dunning_level_id
            if current and current.policy_id != row.policy_id:
                current = processor._map_level(current, row.policy_id)
            after = current.sequence if current else None
            row.next_level_id = next(
                (level for level in levels if after is None or level.sequence > after),
                self.env["account.dunning.level"],
            )
            row.next_level_name = row.next_level_id.name

    # ------------------------------------------------------------------
    # Reading and writing
    # ------------------------------------------------------------------

    @api.model
    @api.readonly
    def web_read_group(
        self,
        domain,
        groupby,
        aggregates=(),
        limit=None,
        offset=0,
        order=None,
        *,
        auto_unfold=False,
        opening_info=None,
        unfold_read_specification=None,
        unfold_read_default_limit=80,
        groupby_read_specification=None,
    ):
        """The kanban by level: every column open with its first cards, the "Not
        reminded yet" one first (the web client would fold the empty-level group, and
        every column after the tenth).

        Its cards are chosen from one search of the board, rather than one search a
        column: each search computes the whole follow-up again (bench/bench_kanban.py).
        Any other grouping goes the standard way."""
        options = {
            "auto_unfold": auto_unfold,
            "opening_info": opening_info,
            "unfold_read_specification": unfold_read_specification,
            "unfold_read_default_limit": unfold_read_default_limit,
            "groupby_read_specification": groupby_read_specification,
        }
        by_level = list(groupby) == ["dunning_level_id"] and auto_unfold
        if not by_level or any(info.get("progressbar_domain") for info in opening_info or ()):
            return super().web_read_group(
                domain, groupby, aggregates, limit=limit, offset=offset, order=order, **options
            )
        result = super().web_read_group(
            domain,
            groupby,
            aggregates,
            limit=limit,
            offset=offset,
            order=order,
            **dict(options, auto_unfold=False, opening_info=[]),
        )
        result["groups"].sort(key=lambda group: bool(group["dunning_level_id"]))
        self._open_level_columns(
            result["groups"],
            domain,
            order,
            {info["value"]: info for info in opening_info or ()},
            unfold_read_specification or {},
            unfold_read_default_limit,
        )
        return result

    def _open_level_columns(self, groups, domain, order, opening, specification, page):
        """Fill each column of ``groups`` not folded by the user with its first cards (its
        page of ``opening``, else ``page`` cards), as the web client reads them."""
        ordering = [part.strip() for part in (order or "").split(",") if part.strip()]
        ordering += [
            part.strip()
            for part in self._order.split(",")
            if part.strip().split()[0] not in {done.split()[0] for done in ordering}
        ]
        rows = self.search_fetch(domain, ["dunning_level_id"], order=", ".join(ordering))
        cards = defaultdict(list)
        for row in rows:
            cards[row.dunning_level_id.id].append(row.id)
        shown = {}
        for group in groups:
            value = group["dunning_level_id"][0] if group["dunning_level_id"] else False
            info = opening.get(value, {})
            if info.get("folded"):
                continue
            start, size = info.get("offset", 0), info.get("limit") or page
            if start and start >= group["__count"]:
                group["__offset"] = start = 0
            shown[value] = cards[value][start : start + size]
        ids = [record_id for page_ids in shown.values() for record_id in page_ids]
        values = dict(zip(ids, self.browse(ids).web_read(specification), strict=True))
        for group in groups:
            value = group["dunning_level_id"][0] if group["dunning_level_id"] else False
            if value in shown:
                group["__records"] = [values[record_id] for record_id in shown[value]]

    def write(self, vals):  # pylint: disable=method-required-super
        """Dragging a card to another column sets the customer's level by hand, logged in
        its history; nothing else of the follow-up can be written (a SQL view: no super)."""
        if set(vals) != {"dunning_level_id"}:
            raise UserError(
                self.env._(
                    "The follow-up only moves a customer to another level: change the rest "
                    "on the customer."
                )
            )
        if not self.env.user.has_group("account_dunning_pro.group_dunning_user"):
            raise AccessError(self.env._("Only dunning users can change a customer's level."))
        self.check_access("write")
        level = self.env["account.dunning.level"].browse(vals["dunning_level_id"])
        for row in self:
            row._set_level(level)
        self.invalidate_recordset()
        return True

    def _set_level(self, level):
        self.ensure_one()
        partner = self._customer()
        old = partner.dunning_level_id
        if level == old:
            return
        policy = partner.dunning_policy_id
        if level and level.policy_id != policy:
            raise UserError(
                self.env._(
                    "%(customer)s follows the scenario %(policy)s: it cannot go to %(level)s, "
                    "a level of %(other)s. Choose one of its scenario's levels, or change its "
                    "scenario on the customer first.",
                    customer=partner.display_name,
                    policy=policy.name or self.env._("(none)"),
                    level=level.name,
                    other=level.policy_id.name,
                )
            )
        if level.is_pre_due:
            raise UserError(
                self.env._(
                    "%(level)s is a reminder before the due date, not a level of the chase.",
                    level=level.name,
                )
            )
        today = fields.Date.context_today(self)
        vals = {"dunning_level_id": level.id, "dunning_escalate": False}
        if level:
            # the level is reached today: its next step counts from today
            vals["dunning_last_date"] = today
        partner.write(vals)
        partner.dunning_next_date = self._next_date(partner, today)
        self.env["account.dunning.event"]._log_event(
            partner,
            "level_change",
            self.env._(
                "Level %(old)s → %(new)s: set by hand by %(user)s in the follow-up.",
                old=old.name or self.env._("(none)"),
                new=level.name or self.env._("(none)"),
                user=self.env.user.name,
            ),
            policy_id=policy.id,
            level_id=level.id,
            reason_code="set_by_hand",
        )

    @api.model
    def _next_date(self, partner, today):
        """When the next reminder falls due for ``partner``, as the nightly run computes it."""
        processor = self.env["account.dunning.processor"]
        lines = processor._fetch_open_lines(partner).get(partner.id, self.env["account.move.line"])
        chase = processor._decide(partner, lines, processor._paused_move_ids(partner, today), today)
        if not chase:
            return False
        return next_level_date(
            chase["items"],
            chase["levels"],
            today,
            chase["last"],
            chase["policy"].min_amount,
            chase["policy"].allow_level_jump,
            partner.dunning_escalate,
        )

    def _customer(self):
        """The customer of this card, in the current company; a clear error for a card
        of another company (or one that left the follow-up meanwhile)."""
        self.ensure_one()
        if not self.exists():
            raise UserError(
                self.env._(
                    "This customer has nothing to follow up in %(company)s: switch to its "
                    "company, or reload the follow-up.",
                    company=self.env.company.name,
                )
            )
        return self.partner_id.with_company(self.env.company)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_partner(self):
        """Card or row click: the customer's form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_dunning_send_now(self):
        """Send now, for the selected customers: the wizard, filled with them, which
        previews what goes out."""
        partners = self.env["res.partner"].union(*(row._customer() for row in self))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send reminders now"),
            "res_model": "account.dunning.send",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_ids": partners.ids},
        }

    def action_dunning_log_call(self):
        return self._customer().action_dunning_log_call()

    def action_dunning_record_promise(self):
        partner = self._customer()
        if self.amount_overdue <= 0:
            raise UserError(
                self.env._(
                    "%(customer)s has no overdue invoice: there is nothing to promise.",
                    customer=partner.display_name,
                )
            )
        return partner.action_dunning_record_promise()

    def action_dunning_open_plan(self):
        partner = self._customer()
        if self.amount_open <= 0:
            raise UserError(
                self.env._(
                    "%(customer)s has no open invoice to pay in instalments.",
                    customer=partner.display_name,
                )
            )
        return self._new_arrangement(
            partner, "account_dunning_pro.account_dunning_payment_plan_action_new"
        )

    def action_dunning_open_dispute(self):
        partner = self._customer()
        if self.amount_open <= 0:
            raise UserError(
                self.env._(
                    "%(customer)s has no open invoice to dispute.", customer=partner.display_name
                )
            )
        return self._new_arrangement(
            partner, "account_dunning_pro.account_dunning_dispute_action_new"
        )

    def _new_arrangement(self, partner, xmlid):
        """The form of a new plan or dispute for ``partner``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = {"default_partner_id": partner.id}
        return action
