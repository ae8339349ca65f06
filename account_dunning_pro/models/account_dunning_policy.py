# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

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
    interest_rate = fields.Float(
        string="Late interest rate (%)",
        digits=(16, 2),
        default=12.15,
        help="Annual rate of the late-payment interest shown on formal notices. In France, "
        "the ECB refinancing rate plus 10 points unless your terms say otherwise.",
    )
    level_count = fields.Integer(compute="_compute_level_count")

    @api.depends("level_ids")
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    def action_run_now(self):
        """Queue the nightly run right away, in the cron worker rather than in this request."""
        self.env.ref("account_dunning_pro.ir_cron_dunning_run")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("The dunning run has been queued; it starts in a moment."),
            },
        }
