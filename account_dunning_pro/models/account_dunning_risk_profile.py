# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, split_every

from ..engine.risk import RiskInputs, ScoreRange, range_for, risk_score, window_start

_logger = logging.getLogger(__name__)

RESCORE_BATCH_SIZE = 1000


def format_score(score):
    """63.0 -> "63", 55.5 -> "55.5"."""
    return f"{score:g}"


class AccountDunningRiskProfile(models.Model):
    _name = "account.dunning.risk.profile"
    _description = "Customer risk profile"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code the risk rescoring relies on: good, standard and bad are "
        "assigned by the rescoring, key_account only by hand. It cannot be changed once set.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company")
    policy_id = fields.Many2one(
        "account.dunning.policy", string="Scenario", required=True, check_company=True
    )
    color = fields.Integer()
    score_min = fields.Float(
        string="Score from",
        digits=(16, 1),
        default=0.0,
        help="Lowest risk score of this profile (included).",
    )
    score_max = fields.Float(
        string="Score up to",
        digits=(16, 1),
        default=100.0,
        help="Highest risk score of this profile (excluded, except 100: a range ending at "
        "100 includes it).",
    )
    manual_only = fields.Boolean(
        string="Set by hand only",
        help="The nightly rescoring never assigns this profile (key accounts): a person "
        "sets it on the customer, which pins it.",
    )
    score_range_display = fields.Char(string="Score range", compute="_compute_score_range_display")

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "A risk profile code must be unique per company."
    )

    @api.depends("score_min", "score_max", "manual_only")
    def _compute_score_range_display(self):
        for profile in self:
            if profile.manual_only:
                profile.score_range_display = self.env._("Set by hand")
            else:
                profile.score_range_display = (
                    f"{format_score(profile.score_min)}–{format_score(profile.score_max)}"
                )

    @api.constrains("score_min", "score_max", "manual_only", "company_id", "active")
    def _check_score_range(self):
        for profile in self.filtered(lambda p: p.active and not p.manual_only):
            try:
                mine = profile._score_range()
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "The score range of risk profile %(profile)s must lie within 0 and 100, "
                        "with its lower bound below its upper bound.",
                        profile=profile.display_name,
                    )
                ) from None
            domain = Domain("manual_only", "=", False) & Domain("id", "!=", profile.id)
            if profile.company_id:
                domain &= Domain("company_id", "in", [profile.company_id.id, False])
            for other in self.sudo().with_context(active_test=True).search(domain):
                if other.score_min < mine.score_max and mine.score_min < other.score_max:
                    raise ValidationError(
                        self.env._(
                            "The score ranges of risk profiles %(profile)s (%(range)s) and "
                            "%(other)s (%(other_range)s) overlap: a score must lead to one "
                            "profile only.",
                            profile=profile.display_name,
                            range=profile.score_range_display,
                            other=other.display_name,
                            other_range=other.score_range_display,
                        )
                    )

    def write(self, vals):
        if "code" in vals and any(profile.code != vals["code"] for profile in self):
            raise UserError(
                self.env._(
                    "The code of a risk profile cannot be changed: the risk rescoring relies "
                    "on it. Create another profile instead."
                )
            )
        return super().write(vals)

    def _score_range(self):
        self.ensure_one()
        return ScoreRange(self.id, self.score_min, self.score_max)

    @api.model
    def _scored_profiles(self):
        """The profiles the rescoring assigns in ``self.env.company``, by score range."""
        return self.search(
            [
                ("manual_only", "=", False),
                ("company_id", "in", [self.env.company.id, False]),
            ]
        )

    def _change_reason(self, old_profile, score):
        """Why a customer moved from ``old_profile`` to ``self`` (the rescoring)."""
        self.ensure_one()
        return self.env._(
            "Risk profile %(old)s → %(new)s: score %(score)s in the %(new)s range %(range)s.",
            old=old_profile.name or self.env._("(none)"),
            new=self.name,
            score=format_score(score),
            range=self.score_range_display,
        )

    # ------------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------------

    @api.model
    def _cron_rescore(self, batch_size=RESCORE_BATCH_SIZE):
        """Nightly: score every customer's payment behaviour per company and move it to
        the profile whose score range holds it.

        The inputs of all customers of a company come from one set-based query; the
        customers are then written by batches, one UPDATE each, every batch committed
        with ``_commit_progress``. A customer already scored today is not selected
        again, so an interrupted run resumes where it stopped. Pinned profiles and
        profiles set by hand only (key accounts) are left alone; the score is always
        updated.
        """
        today = fields.Date.context_today(self)
        cron = self.env["ir.cron"]
        self.env.flush_all()
        todo = []
        for company in self.env["res.company"].search([("active", "=", True)], order="id"):
            rows = self.with_company(company)._rescore_fetch(today)
            if rows:
                todo.append((company, rows))
        remaining = sum(len(rows) for _company, rows in todo)
        cron._commit_progress(remaining=remaining)
        for company, rows in todo:
            profiles = self.with_company(company)
            for batch in split_every(batch_size, rows):
                profiles._rescore_batch(batch, today)
                remaining -= len(batch)
                if not cron._commit_progress(len(batch), remaining=remaining):
                    _logger.info("Risk rescoring out of time: it resumes at its next call.")
                    return

    @api.model
    def _rescore_fetch(self, today):
        """Every customer of ``self.env.company`` to score today, with its aggregates:
        a list of dicts, by partner id. One query for the whole company."""
        company = self.env.company
        partners = self.env["res.partner"].sudo()

        def partner_field(fname):
            # company-dependent fields are jsonb keyed by company id: the field writes the SQL
            return partners._fields[fname].to_sql(partners, "partner")

        return self.env.execute_query_dict(
            SQL(
                """
                WITH payments AS (
                    SELECT inv.commercial_partner_id AS partner_id,
                           line.id AS line_id,
                           line.reconciled,
                           COALESCE(line.date_maturity, line.date) AS due_date,
                           part.max_date AS paid_date,
                           part.amount
                      FROM account_partial_reconcile part
                      JOIN account_move_line line ON line.id = part.debit_move_id
                      JOIN account_account account ON account.id = line.account_id
                      JOIN account_move inv ON inv.id = line.move_id
                      JOIN account_move_line credit ON credit.id = part.credit_move_id
                      JOIN account_move pay ON pay.id = credit.move_id
                     WHERE part.company_id = %(company)s
                       AND part.max_date BETWEEN %(since)s AND %(today)s
                       AND account.account_type = 'asset_receivable'
                       AND inv.move_type IN ('out_invoice', 'out_receipt')
                       AND pay.move_type != 'out_refund'
                ),
                paid AS (
                    SELECT partner_id,
                           SUM(amount * GREATEST(paid_date - due_date, 0)) AS weighted_days,
                           SUM(amount) AS paid_amount
                      FROM payments
                     GROUP BY partner_id
                ),
                settled AS (
                    SELECT partner_id,
                           COUNT(*) AS paid_count,
                           COUNT(*) FILTER (WHERE last_paid > due_date) AS paid_late_count
                      FROM (
                            SELECT partner_id, line_id, due_date, MAX(paid_date) AS last_paid
                              FROM payments
                             WHERE reconciled
                             GROUP BY partner_id, line_id, due_date
                           ) AS lines
                     GROUP BY partner_id
                ),
                open_debt AS (
                    SELECT inv.commercial_partner_id AS partner_id,
                           SUM(line.amount_residual) AS open_amount,
                           SUM(line.amount_residual) FILTER (
                               WHERE COALESCE(line.date_maturity, line.date) < %(today)s
                           ) AS overdue_amount,
                           -- what is still unpaid is late up to today
                           SUM(
                               line.amount_residual
                               * (%(today)s::date - COALESCE(line.date_maturity, line.date))
                           ) FILTER (
                               WHERE COALESCE(line.date_maturity, line.date) < %(today)s
                           ) AS overdue_weighted_days
                      FROM account_move_line line
                      JOIN account_account account ON account.id = line.account_id
                      JOIN account_move inv ON inv.id = line.move_id
                     WHERE line.company_id = %(company)s
                       AND line.parent_state = 'posted'
                       AND account.account_type = 'asset_receivable'
                       AND NOT line.reconciled
                       AND line.amount_residual > 0
                       -- an invoice in dispute is not held against the customer
                       AND NOT COALESCE(line.no_followup, FALSE)
                       AND inv.move_type IN ('out_invoice', 'out_receipt')
                     GROUP BY inv.commercial_partner_id
                ),
                incident AS (
                    SELECT customer.commercial_partner_id AS partner_id, COUNT(*) AS incidents
                      FROM (
                            SELECT promise.partner_id
                              FROM account_dunning_promise promise
                             WHERE promise.company_id = %(company)s
                               AND promise.state = 'broken'
                               AND promise.date BETWEEN %(since)s AND %(today)s
                            UNION ALL
                            SELECT plan.partner_id
                              FROM account_dunning_payment_plan plan
                             WHERE plan.company_id = %(company)s
                               AND plan.state = 'breached'
                               AND EXISTS (
                                   SELECT 1
                                     FROM account_dunning_payment_plan_line instalment
                                    WHERE instalment.plan_id = plan.id
                                      AND instalment.date BETWEEN %(since)s AND %(today)s
                               )
                           ) AS broken
                      JOIN res_partner customer ON customer.id = broken.partner_id
                     GROUP BY customer.commercial_partner_id
                ),
                customers AS (
                    SELECT partner_id FROM paid
                    UNION SELECT partner_id FROM settled
                    UNION SELECT partner_id FROM open_debt
                    UNION SELECT partner_id FROM incident
                    -- a customer scored before keeps being scored (its history ages out)
                    UNION SELECT partner.id FROM res_partner partner WHERE %(score)s > 0
                )
                SELECT customers.partner_id,
                       -- open overdue items weigh in the days late, by their days so far
                       (COALESCE(paid.weighted_days, 0)
                        + COALESCE(open_debt.overdue_weighted_days, 0))::float AS weighted_days,
                       (COALESCE(paid.paid_amount, 0)
                        + COALESCE(open_debt.overdue_amount, 0))::float AS paid_amount,
                       COALESCE(settled.paid_count, 0) AS paid_count,
                       COALESCE(settled.paid_late_count, 0) AS paid_late_count,
                       COALESCE(open_debt.open_amount, 0)::float AS open_amount,
                       COALESCE(open_debt.overdue_amount, 0)::float AS overdue_amount,
                       COALESCE(incident.incidents, 0) AS incidents,
                       %(profile)s AS profile_id,
                       %(locked)s AS locked
                  FROM customers
                  JOIN res_partner partner ON partner.id = customers.partner_id
                  LEFT JOIN paid ON paid.partner_id = customers.partner_id
                  LEFT JOIN settled ON settled.partner_id = customers.partner_id
                  LEFT JOIN open_debt ON open_debt.partner_id = customers.partner_id
                  LEFT JOIN incident ON incident.partner_id = customers.partner_id
                 WHERE %(score_date)s IS DISTINCT FROM %(today)s
                 ORDER BY customers.partner_id
                """,
                company=company.id,
                since=window_start(today),
                today=today,
                score=partner_field("risk_score"),
                score_date=partner_field("risk_score_date"),
                profile=partner_field("risk_profile_id"),
                locked=partner_field("risk_profile_locked"),
            )
        )

    @api.model
    def _rescore_batch(self, rows, today):
        """Score ``rows`` (from ``_rescore_fetch``) in ``self.env.company``: one UPDATE
        for the batch, and a history event for each customer whose profile changes."""
        if not rows:
            return
        company = self.env.company
        profiles = self._scored_profiles()
        ranges = [profile._score_range() for profile in profiles]
        manual_ids = set(self.search([("manual_only", "=", True)]).ids)
        values, changes = [], []
        for row in rows:
            inputs = RiskInputs.from_totals(
                weighted_days=row["weighted_days"],
                paid_amount=row["paid_amount"],
                paid_count=row["paid_count"],
                paid_late_count=row["paid_late_count"],
                open_amount=row["open_amount"],
                overdue_amount=row["overdue_amount"],
                incidents=row["incidents"],
            )
            score = risk_score(inputs)
            new_profile_id = None
            if not row["locked"] and row["profile_id"] not in manual_ids:
                picked = range_for(score, ranges)
                if picked and picked != row["profile_id"]:
                    new_profile_id = picked
                    changes.append((row["partner_id"], row["profile_id"], picked, score))
            values.append(
                SQL(
                    "(%s, %s::float8, %s::int4, %s::text)",
                    row["partner_id"],
                    score,
                    new_profile_id,
                    self._score_details(row, inputs, score, today),
                )
            )
        key = str(company.id)
        self.env["res.partner"].flush_model(
            ["risk_score", "risk_score_date", "risk_profile_id", "risk_score_details"]
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner AS partner
                   SET risk_score = COALESCE(partner.risk_score, '{}'::jsonb)
                                    || jsonb_build_object(%(key)s::text, scored.score),
                       risk_score_date = COALESCE(partner.risk_score_date, '{}'::jsonb)
                                         || jsonb_build_object(%(key)s::text, %(today)s::text),
                       risk_score_details = COALESCE(partner.risk_score_details, '{}'::jsonb)
                                            || jsonb_build_object(%(key)s::text, scored.details),
                       risk_profile_id = CASE
                           WHEN scored.profile_id IS NULL THEN partner.risk_profile_id
                           ELSE COALESCE(partner.risk_profile_id, '{}'::jsonb)
                                || jsonb_build_object(%(key)s::text, scored.profile_id)
                       END
                  FROM (VALUES %(values)s) AS scored(id, score, profile_id, details)
                 WHERE partner.id = scored.id
                """,
                key=key,
                today=fields.Date.to_string(today),
                values=SQL(", ").join(values),
            )
        )
        self.env["res.partner"].invalidate_model()
        self._log_profile_changes(changes)

    @api.model
    def _score_details(self, row, inputs, score, today):
        """How the score was made, kept on the customer (``risk_score_details``) for
        the partner form to explain: a JSON text of the inputs and their totals."""
        return json.dumps(
            {
                "since": fields.Date.to_string(window_start(today)),
                "date": fields.Date.to_string(today),
                "avg_days_late": inputs.avg_days_late,
                "late_share": inputs.late_share,
                "overdue_share": inputs.overdue_share,
                "paid_count": row["paid_count"],
                "paid_late_count": row["paid_late_count"],
                "open_amount": row["open_amount"],
                "overdue_amount": row["overdue_amount"],
                "incidents": inputs.incidents,
                "score": score,
            }
        )

    def _log_profile_changes(self, changes):
        """The history events of the rescoring's profile changes (a few a night)."""
        if not changes:
            return
        Partner = self.env["res.partner"]
        Event = self.env["account.dunning.event"]
        profiles = self.browse({old for _p, old, _n, _s in changes if old}) | self.browse(
            [new for _p, _o, new, _s in changes]
        )
        profiles.fetch(["name", "policy_id", "score_min", "score_max", "manual_only"])
        for partner_id, old_id, new_id, score in changes:
            new_profile = self.browse(new_id)
            Event._log_event(
                Partner.browse(partner_id),
                "profile_change",
                new_profile._change_reason(self.browse(old_id), score),
                policy_id=new_profile.policy_id.id,
                reason_code="risk_score",
            )
