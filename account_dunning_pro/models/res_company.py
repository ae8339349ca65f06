# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_policy_id = fields.Many2one(
        "account.dunning.policy",
        string="Default dunning scenario",
        help="Scenario of the customers that have neither their own nor a risk profile's.",
    )
    dunning_responsible_id = fields.Many2one(
        "res.users",
        string="Default dunning responsible",
        help="Receives the call tasks of customers that have no dunning responsible "
        "and no salesperson.",
    )
    dunning_grace_days = fields.Integer(
        string="Grace period (days)",
        default=3,
        help="Days after a promised date or an instalment's date before the promise is "
        "broken or the payment plan breached.",
    )

    _dunning_grace_days_positive = models.Constraint(
        "CHECK(dunning_grace_days >= 0)", "The grace period cannot be negative."
    )
