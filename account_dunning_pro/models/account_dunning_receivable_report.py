# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The receivables follow-up dashboard (Accounting › Reporting › Receivables follow-up).

Three read-only SQL models for Odoo's pivot and graph views, each a
``_table_query`` built for ``self.env.company`` and today (``context_today``)
every time it is read, like the follow-up list: they never show another
company's figures, and their day counts follow the user's today.

- ``account.dunning.receivable.report``: one row per open receivable item, in
  aging buckets, with its customer's level, risk profile and responsible;
- ``account.dunning.dso.report``: one row per customer, its open receivables and
  its credit sales of the last 90 days, for the DSO;
- ``account.dunning.effectiveness.report``: one row per reminder sent, with what
  was paid on its invoices within 15 days.

The promises kept and broken are read from ``account.dunning.promise`` itself.

A ratio (DSO, collection rate) summed or averaged over rows is wrong. Those
measures are computed by ``_read_group_select`` as the ratio of the sums of their
numerator and denominator, so that every group of the pivot (customer, profile,
responsible, level, total) shows its true ratio.
"""

from datetime import timedelta

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

# Days of credit sales the DSO looks back on, and the days it is expressed in.
DSO_DAYS = 90
# Days after a reminder in which a payment counts as collected by it.
COLLECTION_DAYS = 15

# Keys sort in bucket order: groups come out ordered.
AGING_BUCKETS = [
    ("0_not_due", "Not due"),
    ("1_30", "1-30 days"),
    ("31_60", "31-60 days"),
    ("61_90", "61-90 days"),
    ("91_plus", "Over 90 days"),
]


def _ratio_select(model, query, numerator, denominator, factor):
    """SQL aggregate: ``SUM(numerator) * factor / SUM(denominator)``, empty when the
    denominator's sum is not positive."""
    num = model._field_to_sql(model._table, numerator, query)
    den = model._field_to_sql(model._table, denominator, query)
    return SQL(
        "CASE WHEN SUM(%(den)s) > 0 THEN SUM(%(num)s) * %(factor)s / SUM(%(den)s) END",
        num=num,
        den=den,
        factor=factor,
    )


def _partner_field(env, fname, alias):
    """A company-dependent partner field of ``env.company`` in SQL (jsonb keyed by company)."""
    partners = env["res.partner"].sudo()
    return partners._fields[fname].to_sql(partners, alias)


def _open_items_sql(env):
    """(id, partner_id, move_id, amount_residual, due_date) of the open receivable items
    of ``env.company``: the processor's open items, by commercial partner."""
    lines = env["account.move.line"].sudo()
    query = lines._search(
        env["account.dunning.processor"]._open_items_domain()
        & Domain("company_id", "=", env.company.id)
    )
    line = query.table
    partner = query.join(line, "partner_id", "res_partner", "id", "partner")
    return query.select(
        SQL("%s AS id", SQL.identifier(line, "id")),
        SQL("%s AS partner_id", SQL.identifier(partner, "commercial_partner_id")),
        SQL("%s AS move_id", SQL.identifier(line, "move_id")),
        SQL("%s AS amount_residual", SQL.identifier(line, "amount_residual")),
        SQL(
            "COALESCE(%s, %s) AS due_date",
            SQL.identifier(line, "date_maturity"),
            SQL.identifier(line, "date"),
        ),
    )


def _responsible_sql(env, alias):
    """The customer's responsible, as the processor's ``_responsible``: its dunning
    responsible, else its salesperson, else the company's fallback."""
    fallback = env["account.dunning.processor"]._fallback_responsible(env.company)
    return SQL(
        "COALESCE(%s, %s, %s)",
        _partner_field(env, "dunning_responsible_id", alias),
        SQL.identifier(alias, "user_id"),
        fallback.id or None,
    )


_PARTNER_DEPENDS = [
    "commercial_partner_id",
    "dunning_level_id",
    "dunning_responsible_id",
    "risk_profile_id",
    "user_id",
]
_LINE_DEPENDS = [
    "account_id",
    "amount_residual",
    "company_id",
    "date",
    "date_maturity",
    "move_id",
    "parent_state",
    "partner_id",
    "reconciled",
]


class AccountDunningReceivableReport(models.Model):
    """Aging and overdue by level: one row per open receivable item of the company."""

    _name = "account.dunning.receivable.report"
    _description = "Receivables aging"
    _auto = False
    _rec_name = "move_id"
    _order = "days_overdue desc, id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_due = fields.Date(string="Due date", readonly=True)
    days_overdue = fields.Integer(
        string="Days overdue",
        readonly=True,
        aggregator="max",
        help="Days since the due date, today; zero or negative when not due yet.",
    )
    aging_bucket = fields.Selection(
        AGING_BUCKETS,
        string="Aging",
        readonly=True,
        help="Days overdue today: not due (due today or later), 1-30, 31-60, 61-90, over 90.",
    )
    amount_residual = fields.Monetary(
        string="Open amount",
        readonly=True,
        help="What is still to be paid, in the company's currency; credit notes and "
        "unapplied payments count negative.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue amount",
        readonly=True,
        help="Open amount of the invoices past their due date, in the company's currency, "
        "as in the follow-up list (credit notes and payments not deducted).",
    )
    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Customer's level",
        readonly=True,
        help="The customer's current level in its chase (not the level of each invoice); "
        "empty when it has not been reminded.",
    )
    risk_profile_id = fields.Many2one(
        "account.dunning.risk.profile", string="Risk profile", readonly=True
    )
    responsible_id = fields.Many2one(
        "res.users",
        readonly=True,
        help="The customer's dunning responsible, else its salesperson, else the company's "
        "default responsible.",
    )

    _depends = {
        "account.move.line": _LINE_DEPENDS,
        "res.partner": _PARTNER_DEPENDS,
        "res.company": ["currency_id", "dunning_responsible_id"],
    }

    @property
    def _table_query(self):
        # a property: today and the company are those of each query
        today = fields.Date.context_today(self)
        company = self.env.company
        days = SQL("(%s::date - item.due_date)", today)
        return SQL(
            """
            WITH open_items AS (%(open_items)s)
            SELECT item.id AS id,
                   item.partner_id AS partner_id,
                   item.move_id AS move_id,
                   %(company_id)s AS company_id,
                   %(currency_id)s AS currency_id,
                   item.due_date AS date_due,
                   %(days)s AS days_overdue,
                   CASE
                       WHEN %(days)s <= 0 THEN '0_not_due'
                       WHEN %(days)s <= 30 THEN '1_30'
                       WHEN %(days)s <= 60 THEN '31_60'
                       WHEN %(days)s <= 90 THEN '61_90'
                       ELSE '91_plus'
                   END AS aging_bucket,
                   item.amount_residual AS amount_residual,
                   CASE WHEN item.amount_residual > 0 AND %(days)s > 0
                        THEN item.amount_residual ELSE 0 END AS amount_overdue,
                   %(level)s AS dunning_level_id,
                   profile.id AS risk_profile_id,
                   %(responsible)s AS responsible_id
              FROM open_items item
              JOIN res_partner partner ON partner.id = item.partner_id
              LEFT JOIN account_dunning_risk_profile profile ON profile.id = %(risk_profile)s
            """,
            open_items=_open_items_sql(self.env),
            company_id=company.id,
            currency_id=company.currency_id.id,
            days=days,
            level=_partner_field(self.env, "dunning_level_id", "partner"),
            risk_profile=_partner_field(self.env, "risk_profile_id", "partner"),
            responsible=_responsible_sql(self.env, "partner"),
        )


class AccountDunningDsoReport(models.Model):
    """Days sales outstanding: one row per customer of the company with open
    receivables or credit sales in the last 90 days.

    DSO = open receivables / credit sales of the last 90 days × 90. Credit sales are
    the customer invoices, less the credit notes, dated (invoice date) in the last
    90 days, today included, tax included like the receivables, in the company's
    currency.
    """

    _name = "account.dunning.dso.report"
    _description = "Days sales outstanding"
    _auto = False
    _rec_name = "partner_id"
    _order = "amount_open desc, id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_open = fields.Monetary(
        string="Open receivables",
        readonly=True,
        help="Everything still to be paid, due or not, in the company's currency.",
    )
    credit_sales = fields.Monetary(
        string="Credit sales (90 days)",
        readonly=True,
        help="Customer invoices less credit notes of the last 90 days (invoice date, today "
        "included), tax included, in the company's currency.",
    )
    dso = fields.Float(
        string="DSO (days)",
        readonly=True,
        digits=(16, 1),
        aggregator="sum",
        help="Open receivables / credit sales of the last 90 days × 90, computed from the "
        "totals of each group (not summed nor averaged); empty without credit sales.",
    )
    dunning_level_id = fields.Many2one(
        "account.dunning.level", string="Customer's level", readonly=True
    )
    risk_profile_id = fields.Many2one(
        "account.dunning.risk.profile", string="Risk profile", readonly=True
    )
    responsible_id = fields.Many2one("res.users", readonly=True)

    _depends = {
        "account.move.line": _LINE_DEPENDS,
        "account.move": [
            "amount_total_signed",
            "commercial_partner_id",
            "company_id",
            "invoice_date",
            "move_type",
            "state",
        ],
        "res.partner": _PARTNER_DEPENDS,
        "res.company": ["currency_id", "dunning_responsible_id"],
    }

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        company = self.env.company
        return SQL(
            """
            WITH open_items AS (
                SELECT partner_id, SUM(amount_residual) AS amount_open
                  FROM (%(open_items)s) AS item
                 GROUP BY partner_id
            ),
            sales AS (
                SELECT move.commercial_partner_id AS partner_id,
                       SUM(move.amount_total_signed) AS credit_sales
                  FROM account_move move
                 WHERE move.company_id = %(company_id)s
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date > %(since)s
                   AND move.invoice_date <= %(today)s
                 GROUP BY move.commercial_partner_id
            ),
            customers AS (
                SELECT partner_id FROM open_items
                 UNION
                SELECT partner_id FROM sales
            )
            SELECT partner.id AS id,
                   partner.id AS partner_id,
                   %(company_id)s AS company_id,
                   %(currency_id)s AS currency_id,
                   COALESCE(open_items.amount_open, 0) AS amount_open,
                   COALESCE(sales.credit_sales, 0) AS credit_sales,
                   CASE WHEN sales.credit_sales > 0
                        THEN COALESCE(open_items.amount_open, 0) * %(days)s / sales.credit_sales
                   END AS dso,
                   %(level)s AS dunning_level_id,
                   profile.id AS risk_profile_id,
                   %(responsible)s AS responsible_id
              FROM customers
              JOIN res_partner partner ON partner.id = customers.partner_id
              LEFT JOIN open_items ON open_items.partner_id = partner.id
              LEFT JOIN sales ON sales.partner_id = partner.id
              LEFT JOIN account_dunning_risk_profile profile ON profile.id = %(risk_profile)s
            """,
            open_items=_open_items_sql(self.env),
            company_id=company.id,
            currency_id=company.currency_id.id,
            since=today - timedelta(days=DSO_DAYS),
            today=today,
            days=DSO_DAYS,
            level=_partner_field(self.env, "dunning_level_id", "partner"),
            risk_profile=_partner_field(self.env, "risk_profile_id", "partner"),
            responsible=_responsible_sql(self.env, "partner"),
        )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec.partition(":")[0] == "dso":
            return _ratio_select(self, query, "amount_open", "credit_sales", DSO_DAYS)
        return super()._read_group_select(aggregate_spec, query)


class AccountDunningEffectivenessReport(models.Model):
    """Collection effectiveness: one row per reminder sent, with what its invoices
    received within 15 days.

    A reminder is the set of reminder events of one customer, level and day of which
    at least one was sent (``done``): its amount is their ``amount_reminded`` (the
    first line of a reminder carries it, even when that channel failed and a
    fallback sent it). Collected: the payments and credit notes reconciled with its
    invoices (matching date) from the reminder's day to 15 days later, at most the
    amount reminded.
    """

    _name = "account.dunning.effectiveness.report"
    _description = "Collection effectiveness"
    _auto = False
    _rec_name = "partner_id"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(string="Reminder date", readonly=True)
    level_id = fields.Many2one("account.dunning.level", readonly=True)
    policy_id = fields.Many2one("account.dunning.policy", string="Scenario", readonly=True)
    amount_reminded = fields.Monetary(
        string="Amount reminded",
        readonly=True,
        help="The amount the reminder claimed, in the company's currency.",
    )
    amount_collected = fields.Monetary(
        string="Paid within 15 days",
        readonly=True,
        help="Paid on the reminded invoices from the reminder's day to 15 days later "
        "(matching date), at most the amount reminded.",
    )
    collection_rate = fields.Float(
        string="Collection rate (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="sum",
        help="Paid within 15 days / amount reminded × 100, computed from the totals of "
        "each group (not summed nor averaged).",
    )
    window_closed = fields.Boolean(
        string="15 days elapsed",
        readonly=True,
        help="The reminder is more than 15 days old: what it collected is final.",
    )

    _depends = {
        "account.dunning.event": [
            "amount_reminded",
            "company_id",
            "date",
            "event_type",
            "level_id",
            "move_ids",
            "partner_id",
            "state",
        ],
        "account.dunning.level": ["policy_id"],
        "account.move.line": ["account_id", "move_id"],
        "account.partial.reconcile": ["amount", "debit_move_id", "max_date"],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        company = self.env.company
        moves = self.env["account.dunning.event"]._fields["move_ids"]
        return SQL(
            """
            WITH events AS (
                SELECT event.id, event.state, event.amount_reminded, event.partner_id,
                       event.level_id, event.date,
                       MIN(event.id) OVER (
                           PARTITION BY event.partner_id, event.level_id, event.date
                       ) AS reminder_id
                  FROM account_dunning_event event
                 WHERE event.company_id = %(company_id)s
                   AND event.event_type = 'reminder'
                   AND event.state IN ('done', 'failed')
            ),
            reminders AS (
                SELECT reminder_id AS id, partner_id, level_id, date,
                       SUM(amount_reminded) AS amount_reminded
                  FROM events
                 GROUP BY reminder_id, partner_id, level_id, date
                HAVING BOOL_OR(state = 'done')
            ),
            reminder_moves AS (
                SELECT DISTINCT events.reminder_id, rel.%(rel_move)s AS move_id
                  FROM events
                  JOIN %(rel)s rel ON rel.%(rel_event)s = events.id
            ),
            collected AS (
                SELECT reminders.id, SUM(partial.amount) AS amount
                  FROM reminders
                  JOIN reminder_moves ON reminder_moves.reminder_id = reminders.id
                  JOIN account_move_line line ON line.move_id = reminder_moves.move_id
                  JOIN account_account account
                    ON account.id = line.account_id
                   AND account.account_type = 'asset_receivable'
                  JOIN account_partial_reconcile partial ON partial.debit_move_id = line.id
                 WHERE partial.max_date >= reminders.date
                   AND partial.max_date <= reminders.date + %(window)s
                 GROUP BY reminders.id
            )
            SELECT reminders.id AS id,
                   reminders.partner_id AS partner_id,
                   %(company_id)s AS company_id,
                   %(currency_id)s AS currency_id,
                   reminders.date AS date,
                   reminders.level_id AS level_id,
                   level.policy_id AS policy_id,
                   reminders.amount_reminded AS amount_reminded,
                   LEAST(COALESCE(collected.amount, 0), reminders.amount_reminded)
                       AS amount_collected,
                   CASE WHEN reminders.amount_reminded > 0
                        THEN LEAST(COALESCE(collected.amount, 0), reminders.amount_reminded)
                             * 100 / reminders.amount_reminded
                   END AS collection_rate,
                   reminders.date + %(window)s < %(today)s AS window_closed
              FROM reminders
              LEFT JOIN collected ON collected.id = reminders.id
              LEFT JOIN account_dunning_level level ON level.id = reminders.level_id
            """,
            company_id=company.id,
            currency_id=company.currency_id.id,
            rel=SQL.identifier(moves.relation),
            rel_event=SQL.identifier(moves.column1),
            rel_move=SQL.identifier(moves.column2),
            window=COLLECTION_DAYS,
            today=today,
        )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec.partition(":")[0] == "collection_rate":
            return _ratio_select(self, query, "amount_collected", "amount_reminded", 100)
        return super()._read_group_select(aggregate_spec, query)
