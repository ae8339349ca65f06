# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, format_date


class AccountDunningRun(models.Model):
    """One nightly run of a company: when it ran, and what it did."""

    _name = "account.dunning.run"
    _description = "Dunning run"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    start = fields.Datetime(readonly=True)
    end = fields.Datetime(readonly=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")],
        required=True,
        default="running",
        readonly=True,
        help="Running: started and not finished yet, or stopped by a crash or its time "
        "limit; the next call resumes it.",
    )
    partner_count = fields.Integer(string="Customers examined", readonly=True)
    event_ids = fields.One2many("account.dunning.event", "run_id", string="Events", readonly=True)
    sent_count = fields.Integer(string="Sent", compute="_compute_counts")
    failed_count = fields.Integer(string="Failed", compute="_compute_counts")
    skipped_count = fields.Integer(string="Skipped", compute="_compute_counts")
    draft_count = fields.Integer(string="To validate", compute="_compute_counts")

    _company_date_uniq = models.Constraint(
        "UNIQUE(company_id, date)", "A company has one dunning run a day."
    )

    @api.depends("event_ids.state")
    def _compute_counts(self):
        counts = self._count_events()
        for run in self:
            by_state = counts.get(run.id, {})
            run.sent_count = by_state.get("done", 0)
            run.failed_count = by_state.get("failed", 0)
            run.skipped_count = by_state.get("skipped", 0)
            run.draft_count = by_state.get("draft", 0)

    def _count_events(self, policy=None):
        """``{run id: {event state: count}}``, for one scenario when ``policy`` is given."""
        domain = [("run_id", "in", self.ids)]
        if policy:
            domain.append(("policy_id", "=", policy.id))
        counts = {}
        for run, state, count in self.env["account.dunning.event"]._read_group(
            domain, ["run_id", "state"], ["__count"]
        ):
            counts.setdefault(run.id, {})[state] = count
        return counts

    @api.depends("date", "state")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "Dunning run of %(date)s", date=format_date(self.env, run.date)
            )

    @api.model
    def _start(self, company, today):
        """Today's run of ``company``: the one an interrupted call left, or a new one.

        Two workers may start at once: the row is made with ON CONFLICT, never twice.
        """
        self.flush_model()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO account_dunning_run
                       (company_id, date, start, state, partner_count,
                        create_uid, create_date, write_uid, write_date)
                VALUES (%(company)s, %(today)s, %(now)s, 'running', 0,
                        %(uid)s, %(now)s, %(uid)s, %(now)s)
                ON CONFLICT (company_id, date) DO NOTHING
                """,
                company=company.id,
                today=today,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        run = self.sudo().search([("company_id", "=", company.id), ("date", "=", today)], limit=1)
        if run.state == "done":
            run.state = "running"
        return run

    def _add_examined(self, count):
        """Count customers examined, without losing a concurrent worker's count."""
        self.ensure_one()
        self.flush_recordset(["partner_count"])
        self.env.execute_query(
            SQL(
                "UPDATE account_dunning_run SET partner_count = partner_count + %s WHERE id = %s",
                count,
                self.id,
            )
        )
        self.invalidate_recordset(["partner_count"])

    def _finish(self):
        self.sudo().write({"state": "done", "end": fields.Datetime.now()})

    def action_open_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_event_action"
        )
        action.update(domain=[("run_id", "=", self.id)], context={})
        if self.env.context.get("dunning_policy_id"):
            action["domain"].append(("policy_id", "=", self.env.context["dunning_policy_id"]))
        return action
