# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class AccountDunningFollowup(models.Model):
    """The follow-up list: one read-only row per customer to chase in the current company.

    A customer (commercial partner) shows when it has overdue receivables or a
    dunning level. The row id is the partner id. The whole list is one query,
    built for ``self.env.company`` and today (``context_today``) each time it is
    read, so it never shows another company's customers.
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
    dunning_level_id = fields.Many2one("account.dunning.level", string="Level", readonly=True)
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

    # Flushed before the list is read.
    _depends = {
        "account.move.line": [
            "account_id",
            "amount_residual",
            "company_id",
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
        "account.dunning.risk.profile": ["policy_id"],
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
        # a property: today and the company are those of each query, not of the registry load
        today = fields.Date.context_today(self)
        company = self.env.company
        partners = self.env["res.partner"].sudo()

        def partner_field(fname):
            # company-dependent fields are jsonb keyed by company id: the field writes the SQL
            return partners._fields[fname].to_sql(partners, "partner")

        default_policy = company.dunning_policy_id or self.env.ref(
            "account_dunning_pro.account_dunning_policy_standard", raise_if_not_found=False
        )
        fallback = self.env["account.dunning.processor"]._fallback_responsible(company)
        return SQL(
            """
            WITH open_lines AS (%(open_lines)s),
            items AS (
                SELECT partner_id,
                       SUM(amount_residual) AS amount_open,
                       SUM(amount_residual) FILTER (WHERE overdue) AS amount_overdue,
                       MIN(due_date) FILTER (WHERE overdue) AS oldest_due_date
                  FROM open_lines
                 GROUP BY partner_id
            ),
            pauses AS (
                SELECT paused.partner_id,
                       BOOL_OR(paused.reason = 'plan') AS in_plan,
                       MIN(paused.date) FILTER (WHERE paused.reason = 'promise') AS promise_date
                  FROM (%(paused_moves)s) AS paused
                  JOIN open_lines
                    ON open_lines.move_id = paused.move_id
                   AND open_lines.partner_id = paused.partner_id
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
                   %(level)s AS dunning_level_id,
                   %(last_date)s AS dunning_last_date,
                   %(next_date)s AS dunning_next_date,
                   COALESCE(%(responsible)s, partner.user_id, %(fallback)s) AS responsible_id,
                   profile.id AS risk_profile_id,
                   COALESCE(%(forced_policy)s, profile.policy_id, %(default_policy)s) AS policy_id,
                   CASE
                       WHEN pauses.in_plan THEN 'plan'
                       WHEN pauses.promise_date IS NOT NULL THEN 'promise'
                   END AS pause,
                   pauses.promise_date AS promise_date
              FROM res_partner partner
              LEFT JOIN items ON items.partner_id = partner.id
              LEFT JOIN pauses ON pauses.partner_id = partner.id
              LEFT JOIN account_dunning_risk_profile profile ON profile.id = %(risk_profile)s
             WHERE items.amount_overdue > 0 OR %(level)s IS NOT NULL
            """,
            open_lines=self._open_lines_sql(today),
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
    def _open_lines_sql(self, today):
        """The processor's open items of the company, by commercial partner."""
        lines = self.env["account.move.line"].sudo()
        query = lines._search(
            self.env["account.dunning.processor"]._open_items_domain()
            & Domain("company_id", "=", self.env.company.id)
        )
        line = query.table
        partner = query.join(line, "partner_id", "res_partner", "id", "partner")
        due_date = SQL(
            "COALESCE(%s, %s)",
            SQL.identifier(line, "date_maturity"),
            SQL.identifier(line, "date"),
        )
        residual = SQL.identifier(line, "amount_residual")
        return query.select(
            SQL("%s AS partner_id", SQL.identifier(partner, "commercial_partner_id")),
            SQL("%s AS move_id", SQL.identifier(line, "move_id")),
            SQL("%s AS amount_residual", residual),
            SQL("%s AS due_date", due_date),
            SQL("(%s > 0 AND %s < %s) AS overdue", residual, due_date, today),
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

    def action_open_partner(self):
        """Row click: the customer's form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_dunning_send_now(self):
        """Send now, for the selected customers: the wizard, filled with them."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send reminders now"),
            "res_model": "account.dunning.send",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_ids": self.partner_id.ids},
        }
