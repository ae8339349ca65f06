# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _build_wkhtmltopdf_args(self, *args, **kwargs):
        """``dunning_print_delay`` in the context: the JavaScript wait of this call, in
        ms. Odoo waits ``report.print_delay`` (1 s by default) in every call for the
        reports that run scripts; ours run none, so they need not wait, and the
        global setting stays as it is for the others."""
        command_args = super()._build_wkhtmltopdf_args(*args, **kwargs)
        delay = self.env.context.get("dunning_print_delay")
        if delay is not None and "--javascript-delay" in command_args:
            command_args[command_args.index("--javascript-delay") + 1] = str(delay)
        return command_args
