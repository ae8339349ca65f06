# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.fields import Domain


class AccountDunningRun(models.Model):
    _inherit = "account.dunning.run"

    def _add_examined(self, count):
        if self.env.context.get("dunning_count_on_finish"):
            return
        super()._add_examined(count)

    def _count_examined(self):
        """Set the number of customers examined from the customers themselves:
        those the nightly run of the company examined on the run's day."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo().with_company(self.company_id)
        self.sudo().partner_count = partners.with_context(active_test=False).search_count(
            Domain("dunning_checked_date", "=", self.date)
        )
