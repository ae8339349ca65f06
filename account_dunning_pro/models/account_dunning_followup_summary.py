# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

# Keys of the partners whose summary is to refresh before the transaction ends: the
# customers (commercial partners) as they were when marked, and the partners marked,
# whose customer may have changed since.
_DIRTY_CUSTOMERS = "account_dunning_followup_summary.customers"
_DIRTY_PARTNERS = "account_dunning_followup_summary.partners"


class AccountDunningFollowupSummary(models.Model):
    """What each customer owes each company, pre-aggregated for the follow-up.

    One row per customer (commercial partner) and company with open receivables:
    the open and overdue amounts, the oldest overdue due date and the overdue
    amount per currency, as of ``date``. The follow-up
    (``account.dunning.followup``) reads these rows instead of every open line,
    and computes live only the customers whose row no longer holds today: read
    before its ``date``, or after its ``next_due_date`` (an item fell due since).

    Refreshed in full by its nightly cron and at install, and for the customers
    whose receivables changed (an invoice posted, reset or cancelled, a payment
    reconciled or not, a contact moved to another company) at the end of the
    transaction, or before the follow-up reads it in the same transaction.
    """

    _name = "account.dunning.followup.summary"
    _description = "Customer follow-up summary"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    date = fields.Date(
        string="As of", required=True, readonly=True, help="Day the figures were computed for."
    )
    amount_open = fields.Float(
        string="Open amount", readonly=True, help="Open receivables, in the company currency."
    )
    amount_overdue = fields.Float(
        string="Overdue amount",
        readonly=True,
        help="Receivables past their due date, in the company currency.",
    )
    oldest_due_date = fields.Date(string="Oldest due date", readonly=True)
    next_due_date = fields.Date(
        string="Next due date",
        readonly=True,
        help="Earliest due date, on or after the day of the figures, of an item not overdue "
        "yet: until then the figures hold.",
    )
    overdue_currencies = fields.Json(
        string="Overdue per currency",
        readonly=True,
        help="Technical: the overdue amount in each invoice currency, when one of them is "
        "not the company's.",
    )
    overdue_in_currencies = fields.Boolean(string="Overdue in other currencies", readonly=True)

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)",
        "One summary per customer and company.",
    )

    def init(self):
        # at install and update, once every model has its columns
        self.env.cr.precommit.add(self._refresh)

    def flush_model(self, fnames=None):
        # the follow-up flushes this model before reading it: bring it up to date first
        result = super().flush_model(fnames)
        self._refresh_dirty()
        return result

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------

    @api.model
    def _cron_refresh(self):
        """Nightly: every row again, as of today."""
        self._refresh()

    @api.model
    def _mark_dirty(self, partners):
        """Refresh the rows of the customers of ``partners`` before the transaction
        ends, or before the follow-up reads them (partners whose customer changes
        meanwhile: the rows of the customers before and after)."""
        partners = partners._origin.filtered("id")
        if not partners:
            return
        precommit = self.env.cr.precommit
        if _DIRTY_PARTNERS not in precommit.data:
            precommit.data[_DIRTY_PARTNERS] = set()
            precommit.data[_DIRTY_CUSTOMERS] = set()
            precommit.add(self._refresh_dirty)
        precommit.data[_DIRTY_PARTNERS].update(partners.ids)
        precommit.data[_DIRTY_CUSTOMERS].update(partners.commercial_partner_id.ids)

    @api.model
    def _refresh_dirty(self):
        data = self.env.cr.precommit.data
        partner_ids = data.pop(_DIRTY_PARTNERS, None)
        customer_ids = data.pop(_DIRTY_CUSTOMERS, set())
        if partner_ids:
            partners = self.env["res.partner"].browse(partner_ids).with_context(active_test=False)
            self._refresh(customer_ids | set(partners.exists().commercial_partner_id.ids))

    @api.model
    def _refresh(self, customer_ids=None):
        """Recompute the rows of the customers ``customer_ids`` (all when None), in
        every company, in one statement."""
        self.env["account.move.line"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["res.company"].flush_model(["currency_id"])
        today = fields.Date.context_today(self)
        scope = (
            SQL("TRUE")
            if customer_ids is None
            else SQL("summary.partner_id IN %s", tuple(customer_ids))
        )
        lines = self._lines_sql(
            today, customers=None if customer_ids is None else SQL("%s", tuple(customer_ids))
        )
        self.env.execute_query(
            SQL(
                """
                WITH fresh AS (%(totals)s),
                gone AS (
                    DELETE FROM account_dunning_followup_summary summary
                     WHERE %(scope)s
                       AND NOT EXISTS (
                           SELECT 1 FROM fresh
                            WHERE fresh.partner_id = summary.partner_id
                              AND fresh.company_id = summary.company_id
                       )
                )
                INSERT INTO account_dunning_followup_summary (
                    partner_id, company_id, date, amount_open, amount_overdue,
                    oldest_due_date, next_due_date, overdue_currencies, overdue_in_currencies
                )
                SELECT partner_id, company_id, %(today)s, amount_open, amount_overdue,
                       oldest_due_date, next_due_date, overdue_currencies, overdue_in_currencies
                  FROM fresh
                    ON CONFLICT (partner_id, company_id) DO UPDATE
                   SET date = EXCLUDED.date,
                       amount_open = EXCLUDED.amount_open,
                       amount_overdue = EXCLUDED.amount_overdue,
                       oldest_due_date = EXCLUDED.oldest_due_date,
                       next_due_date = EXCLUDED.next_due_date,
                       overdue_currencies = EXCLUDED.overdue_currencies,
                       overdue_in_currencies = EXCLUDED.overdue_in_currencies
                """,
                totals=self._totals_sql(lines),
                scope=scope,
                today=today,
            )
        )
        if customer_ids is None:
            # fresh statistics: the follow-up's plans depend on the size of this table
            self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))
        self.invalidate_model()

    # ------------------------------------------------------------------
    # SQL shared with the follow-up
    # ------------------------------------------------------------------

    @api.model
    def _lines_sql(self, today, company=None, customers=None, moves=None):
        """The processor's open items, by customer (commercial partner): of ``company``
        only, of the customers ``customers`` and the invoices ``moves`` only (SQL
        expressions of ids) when given."""
        lines = self.env["account.move.line"].sudo()
        domain = self.env["account.dunning.processor"]._open_items_domain()
        if company:
            domain &= Domain("company_id", "=", company.id)
        query = lines._search(domain)
        line = query.table
        partner = query.join(line, "partner_id", "res_partner", "id", "partner")
        customer_id = SQL.identifier(partner, "commercial_partner_id")
        if customers is not None:
            # through the partners of the customers: the lines' index on their partner
            query.add_where(
                SQL(
                    "%s IN (SELECT id FROM res_partner WHERE commercial_partner_id IN %s)",
                    SQL.identifier(line, "partner_id"),
                    customers,
                )
            )
        if moves is not None:
            query.add_where(SQL("%s IN (%s)", SQL.identifier(line, "move_id"), moves))
        due_date = SQL(
            "COALESCE(%s, %s)",
            SQL.identifier(line, "date_maturity"),
            SQL.identifier(line, "date"),
        )
        residual = SQL.identifier(line, "amount_residual")
        return query.select(
            SQL("%s AS partner_id", customer_id),
            SQL("%s AS company_id", SQL.identifier(line, "company_id")),
            SQL("%s AS move_id", SQL.identifier(line, "move_id")),
            SQL("%s AS currency_id", SQL.identifier(line, "currency_id")),
            SQL("%s AS amount_residual", residual),
            SQL("%s AS amount_residual_currency", SQL.identifier(line, "amount_residual_currency")),
            SQL("%s AS due_date", due_date),
            SQL("(%s > 0 AND %s < %s) AS overdue", residual, due_date, today),
        )

    @api.model
    def _totals_sql(self, lines):
        """The figures of each customer and company from the open items ``lines``."""
        return SQL(
            """
            SELECT by_currency.partner_id,
                   by_currency.company_id,
                   SUM(by_currency.amount_open) AS amount_open,
                   SUM(by_currency.amount_overdue) AS amount_overdue,
                   MIN(by_currency.oldest_due_date) AS oldest_due_date,
                   MIN(by_currency.next_due_date) AS next_due_date,
                   CASE WHEN BOOL_OR(by_currency.foreign_overdue)
                        THEN JSONB_OBJECT_AGG(by_currency.currency_id, by_currency.overdue_currency)
                                 FILTER (WHERE by_currency.overdue_currency != 0)
                   END AS overdue_currencies,
                   BOOL_OR(by_currency.foreign_overdue) AS overdue_in_currencies
              FROM (
                  SELECT line.partner_id, line.company_id, line.currency_id,
                         SUM(line.amount_residual) AS amount_open,
                         COALESCE(SUM(line.amount_residual) FILTER (WHERE line.overdue), 0)
                             AS amount_overdue,
                         COALESCE(
                             SUM(line.amount_residual_currency) FILTER (WHERE line.overdue), 0
                         ) AS overdue_currency,
                         MIN(line.due_date) FILTER (WHERE line.overdue) AS oldest_due_date,
                         MIN(line.due_date) FILTER (
                             WHERE line.amount_residual > 0 AND NOT line.overdue
                         ) AS next_due_date,
                         BOOL_OR(line.overdue AND line.currency_id != company.currency_id)
                             AS foreign_overdue
                    FROM (%(lines)s) AS line
                    JOIN res_company company ON company.id = line.company_id
                   GROUP BY line.partner_id, line.company_id, line.currency_id
              ) AS by_currency
             GROUP BY by_currency.partner_id, by_currency.company_id
            """,
            lines=lines,
        )
