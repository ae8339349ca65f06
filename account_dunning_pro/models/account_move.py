# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Dunning level",
        readonly=True,
        copy=False,
        index=True,
        help="Highest dunning level that already reminded this invoice.",
    )
    dunning_count = fields.Integer(string="Reminders", readonly=True, copy=False)
    dunning_last_date = fields.Date(string="Last reminder", readonly=True, copy=False)
    dunning_dispute_ids = fields.One2many(
        "account.dunning.dispute",
        "move_id",
        string="Disputes",
        readonly=True,
        groups="account_dunning_pro.group_dunning_user",
    )
    dunning_dispute_count = fields.Integer(
        string="Dispute count",
        compute="_compute_dunning_dispute_count",
        groups="account_dunning_pro.group_dunning_user",
    )

    @api.depends("dunning_dispute_ids")
    def _compute_dunning_dispute_count(self):
        counts = dict(
            self.env["account.dunning.dispute"]._read_group(
                [("move_id", "in", self.ids)], ["move_id"], ["__count"]
            )
        )
        for move in self:
            move.dunning_dispute_count = counts.get(move, 0)

    def action_open_dunning_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_dispute_action"
        )
        action.update(domain=[("move_id", "=", self.id)], context={"default_move_id": self.id})
        if self.dunning_dispute_count == 1:
            action.update(
                view_mode="form", views=[(False, "form")], res_id=self.dunning_dispute_ids.id
            )
        return action

    # Penalties (Code de commerce L441-10 and D441-5). What was charged is read from
    # the lines of the penalty invoices that are not cancelled: deleting or cancelling
    # a penalty invoice gives its penalties back to be charged again.
    dunning_penalty_invoice = fields.Boolean(
        string="Penalty invoice",
        readonly=True,
        copy=False,
        help='Drafted by "Charge penalties": it bears no penalty itself.',
    )
    dunning_penalty_line_ids = fields.One2many(
        "account.move.line",
        "dunning_penalty_origin_id",
        string="Penalty lines",
        readonly=True,
    )
    dunning_interest_charged_until = fields.Date(
        string="Interest charged until",
        compute="_compute_dunning_penalties_charged",
        store=True,
        help="Last day of the late interest charged on a penalty invoice that is not "
        "cancelled; the next charge starts the day after.",
    )
    dunning_indemnity_charged = fields.Boolean(
        string="Indemnity charged",
        compute="_compute_dunning_penalties_charged",
        store=True,
        help="The recovery indemnity of this invoice is on a penalty invoice that is not "
        "cancelled.",
    )
    dunning_indemnity_claimed_date = fields.Date(
        string="Indemnity claimed on",
        readonly=True,
        copy=False,
        help="Day a formal notice claiming the recovery indemnity of this invoice was sent: "
        "later reminders do not claim it again.",
    )

    @api.depends(
        "dunning_penalty_line_ids.parent_state",
        "dunning_penalty_line_ids.dunning_penalty_kind",
        "dunning_penalty_line_ids.dunning_interest_date_to",
    )
    def _compute_dunning_penalties_charged(self):
        for move in self:
            lines = move.dunning_penalty_line_ids.filtered(
                lambda line: line.parent_state != "cancel"
            )
            interest = lines.filtered(lambda line: line.dunning_penalty_kind == "interest")
            move.dunning_interest_charged_until = max(
                interest.mapped("dunning_interest_date_to"), default=False
            )
            move.dunning_indemnity_charged = any(
                line.dunning_penalty_kind == "indemnity" for line in lines
            )

    # Credit hold: a customer at a dunning level marked credit hold is warned about,
    # or refused (company setting), when a new invoice is posted for it.
    dunning_credit_hold_warning = fields.Char(
        string="Credit hold warning",
        compute="_compute_dunning_credit_hold_warning",
        help="Shown on a draft customer invoice whose customer is on credit hold.",
    )

    @api.depends("partner_id", "company_id", "move_type", "state")
    def _compute_dunning_credit_hold_warning(self):
        for move in self:
            move.dunning_credit_hold_warning = (
                move.partner_id._dunning_credit_hold_message(move.company_id)
                if move.move_type == "out_invoice"
                and move.state == "draft"
                and move.partner_id
                and move.company_id
                else ""
            )

    @api.onchange("partner_id")
    def _onchange_partner_id_dunning_credit_hold(self):
        if self.dunning_credit_hold_warning:
            return {
                "warning": {
                    "title": self.env._("Customer on credit hold"),
                    "message": self.dunning_credit_hold_warning,
                }
            }

    def write(self, vals):
        if "state" in vals:
            # posted, reset or cancelled: what the customers owe changes
            self.env["account.dunning.followup.summary"]._mark_dirty(self.line_ids.partner_id)
        return super().write(vals)

    def _post(self, soft=True):
        # a penalty invoice charges the late customer: never held back
        for move in self.filtered(
            lambda m: m.move_type == "out_invoice" and not m.dunning_penalty_invoice
        ):
            move.partner_id._dunning_check_credit_hold(
                move.company_id,
                move.name if move.name and move.name != "/" else self.env._("This invoice"),
            )
        return super()._post(soft=soft)
