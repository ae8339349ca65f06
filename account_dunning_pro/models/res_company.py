# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    dunning_credit_hold_mode = fields.Selection(
        [("warn", "Warn"), ("block", "Block")],
        string="Credit hold",
        default="warn",
        required=True,
        help="While a customer sits at a dunning level marked credit hold, posting a new "
        "invoice or confirming a sale for it: Warn shows a warning and lets it through; "
        "Block refuses it unless a Dunning Manager does it.",
    )
    # Late-payment penalties (Code de commerce L441-10 and D441-5)
    dunning_ecb_rate = fields.Float(
        string="ECB reference rate (%)",
        digits=(16, 2),
        default=2.15,
        help="Rate of the European Central Bank's most recent main refinancing operation "
        "on 1 January or 1 July: the reference rate of the half-year.",
    )
    dunning_interest_margin = fields.Float(
        string="Margin (points)",
        digits=(16, 2),
        default=10.0,
        help="Points added to the ECB reference rate: 10 by law (Code de commerce L441-10) "
        "unless your terms of sale set another rate.",
    )
    dunning_interest_rate = fields.Float(
        string="Late interest rate (%)",
        digits=(16, 2),
        compute="_compute_dunning_interest_rate",
        store=True,
        readonly=False,
        help="Annual rate of the late-payment penalties: the ECB reference rate plus the "
        "margin, or the rate of your terms of sale typed here. A scenario may set its own.",
    )
    dunning_claim_indemnity = fields.Boolean(
        string="Claim the recovery indemnity",
        default=True,
        help="Claim the fixed 40 EUR indemnity for recovery costs once per late invoice from "
        "business customers (Code de commerce L441-10 and D441-5), outside the scope of VAT.",
    )
    dunning_interest_product_id = fields.Many2one(
        "product.product",
        string="Late interest product",
        check_company=True,
        default=lambda self: self.env.ref(
            "account_dunning_pro.product_dunning_late_interest", raise_if_not_found=False
        ),
        help="Product of the late interest lines of penalty invoices.",
    )
    dunning_indemnity_product_id = fields.Many2one(
        "product.product",
        string="Recovery indemnity product",
        check_company=True,
        default=lambda self: self.env.ref(
            "account_dunning_pro.product_dunning_recovery_indemnity", raise_if_not_found=False
        ),
        help="Product of the recovery indemnity lines of penalty invoices.",
    )
    dunning_interest_account_id = fields.Many2one(
        "account.account",
        string="Late interest account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Income account of the late interest lines; empty: the product's.",
    )
    dunning_indemnity_account_id = fields.Many2one(
        "account.account",
        string="Recovery indemnity account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Income account of the recovery indemnity lines; empty: the product's.",
    )

    _dunning_grace_days_positive = models.Constraint(
        "CHECK(dunning_grace_days >= 0)", "The grace period cannot be negative."
    )

    @api.depends("dunning_ecb_rate", "dunning_interest_margin")
    def _compute_dunning_interest_rate(self):
        for company in self:
            company.dunning_interest_rate = (
                company.dunning_ecb_rate + company.dunning_interest_margin
            )

    @api.constrains("dunning_ecb_rate", "dunning_interest_margin", "dunning_interest_rate")
    def _check_dunning_interest_rates(self):
        for company in self:
            if (
                min(
                    company.dunning_ecb_rate,
                    company.dunning_interest_margin,
                    company.dunning_interest_rate,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The ECB reference rate, the margin and the late interest rate of "
                        "%(company)s cannot be negative.",
                        company=company.name,
                    )
                )

    @api.model
    def _setup_dunning_penalty_products(self):
        """Give the companies without one the shipped penalty products (at install)."""
        for field, xmlid in (
            ("dunning_interest_product_id", "product_dunning_late_interest"),
            ("dunning_indemnity_product_id", "product_dunning_recovery_indemnity"),
        ):
            product = self.env.ref(f"account_dunning_pro.{xmlid}", raise_if_not_found=False)
            if product:
                self.with_context(active_test=False).search([(field, "=", False)]).write(
                    {field: product.id}
                )
