# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountDunningDisputeResolve(models.TransientModel):
    """Record how a dispute ended: a credit note if the customer was right, the chase
    resumed if not."""

    _name = "account.dunning.dispute.resolve"
    _description = "Resolve a dispute"
    _check_company_auto = True

    dispute_id = fields.Many2one("account.dunning.dispute", required=True, readonly=True)
    move_id = fields.Many2one(related="dispute_id.move_id")
    partner_id = fields.Many2one(related="dispute_id.partner_id")
    company_id = fields.Many2one(related="dispute_id.company_id")
    resolution = fields.Selection(
        [("customer_right", "Customer was right"), ("customer_wrong", "Customer was wrong")],
        required=True,
    )
    credit_mode = fields.Selection(
        [
            ("reverse", "Credit the whole invoice"),
            ("existing", "Use an existing credit note"),
        ],
        string="Credit note",
        default="reverse",
        required=True,
        help="Credit the whole invoice with a new credit note, or match a credit note "
        "already posted for the customer (a partial one leaves the rest to pay).",
    )
    credit_note_id = fields.Many2one(
        "account.move",
        string="Existing credit note",
        check_company=True,
        domain="[('move_type', '=', 'out_refund'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', partner_id),"
        " ('payment_state', 'not in', ('paid', 'in_payment', 'reversed'))]",
    )
    note = fields.Text(string="Resolution note", help="How the dispute was settled.")

    @api.onchange("credit_mode")
    def _onchange_credit_mode(self):
        if self.credit_mode == "reverse":
            self.credit_note_id = False

    def action_confirm(self):
        self.ensure_one()
        dispute = self.dispute_id
        if self.resolution == "customer_wrong":
            dispute._resolve_customer_wrong(self.note or "")
            return {"type": "ir.actions.act_window_close"}
        if self.credit_mode == "existing" and not self.credit_note_id:
            raise UserError(self.env._("Choose the credit note that settles the dispute."))
        dispute._resolve_customer_right(
            self.credit_note_id if self.credit_mode == "existing" else None, self.note or ""
        )
        return {"type": "ir.actions.act_window_close"}
