# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


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

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "A risk profile code must be unique per company."
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
