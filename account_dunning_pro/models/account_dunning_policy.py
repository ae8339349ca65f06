# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

MODES = [
    ("automatic", "Automatic"),
    ("semi_automatic", "Semi-automatic"),
    ("manual", "Manual"),
]


class AccountDunningPolicy(models.Model):
    _name = "account.dunning.policy"
    _description = "Dunning scenario"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the scenario between all companies.",
    )
    mode = fields.Selection(
        MODES,
        required=True,
        default="automatic",
        help="Automatic: the nightly run sends the reminders.\n"
        "Semi-automatic: the nightly run prepares the reminders, a person validates them.\n"
        "Manual: nothing happens on its own; reminders are sent from the customer.",
    )
    level_ids = fields.One2many("account.dunning.level", "policy_id", string="Levels", copy=True)
    min_amount = fields.Float(
        string="Tolerance",
        digits="Account",
        help="Customers whose overdue total, in the company currency, is below this amount "
        "are not reminded.",
    )
    allow_level_jump = fields.Boolean(
        string="Jump to the level due",
        help="A customer never reminded (at go-live, or an invoice entered late) gets at once "
        "the level the age of its debt calls for, and after a pause the chase goes straight "
        "to the level due. Unticked, the chase always starts at the first reminder after the "
        "due date and climbs one level at a time, with the scenario's spacing.",
    )
    interest_rate = fields.Float(
        string="Late interest rate (%)",
        digits=(16, 2),
        help="Annual rate of the late-payment interest of this scenario's formal notices and "
        "penalty invoices. 0: the company's rate (in France, the ECB reference rate plus 10 "
        "points unless your terms say otherwise).",
    )
    send_thank_you = fields.Boolean(
        string="Thank the customer",
        default=True,
        help="When a customer who was reminded has paid everything overdue, the next nightly "
        "run thanks it by email, once, and closes the chase.",
    )
    thank_you_template_id = fields.Many2one(
        "mail.template",
        string="Thank-you email",
        domain=[("model", "=", "res.partner")],
        default=lambda self: self.env.ref(
            "account_dunning_pro.mail_template_dunning_thank_you", raise_if_not_found=False
        ),
    )
    level_count = fields.Integer(compute="_compute_level_count")
    last_run_id = fields.Many2one(
        "account.dunning.run", string="Last run", compute="_compute_last_run"
    )
    last_run_summary = fields.Char(string="What it did", compute="_compute_last_run")

    @api.depends("level_ids")
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    @api.depends_context("company")
    def _compute_last_run(self):
        run = self.env["account.dunning.run"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        counts = run._count_events(self) if run and len(self) == 1 else {}
        for policy in self:
            policy.last_run_id = run
            if not run:
                policy.last_run_summary = False
                continue
            if len(self) > 1:
                counts = run._count_events(policy)
            by_state = counts.get(run.id, {})
            policy.last_run_summary = self.env._(
                "%(examined)s customers examined in all scenarios; in this one: %(sent)s sent, "
                "%(failed)s failed, %(skipped)s skipped, %(drafts)s to validate",
                examined=run.partner_count,
                sent=by_state.get("done", 0),
                failed=by_state.get("failed", 0),
                skipped=by_state.get("skipped", 0),
                drafts=by_state.get("draft", 0),
            )

    @api.constrains("interest_rate")
    def _check_interest_rate(self):
        for policy in self:
            if policy.interest_rate < 0:
                raise ValidationError(
                    self.env._(
                        "The late interest rate of scenario %(policy)s cannot be negative.",
                        policy=policy.display_name,
                    )
                )

    def _get_interest_rate(self):
        """The annual late interest rate of this scenario: its own, else the company's."""
        self.ensure_one()
        return self.interest_rate or self.env.company.dunning_interest_rate

    def action_run_now(self):
        """Queue the nightly run of every scenario right away, in the cron worker rather
        than in this request."""
        self.env.ref("account_dunning_pro.ir_cron_dunning_run")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The nightly run of every scenario has been queued; it starts in a moment. "
                    "Customers already examined today are not examined again."
                ),
            },
        }

    def action_open_last_run_events(self):
        self.ensure_one()
        return self.last_run_id.with_context(dunning_policy_id=self.id).action_open_events()
