# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from .account_dunning_policy import MODES

# Partner fields only a dunning user may change.
_DUNNING_FIELDS = {
    "dunning_level_id",
    "dunning_last_date",
    "dunning_next_date",
    "dunning_policy_forced_id",
    "dunning_mode",
    "dunning_responsible_id",
    "risk_profile_id",
    "risk_profile_locked",
    "risk_score",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Per-company state: every field below reads the state of ``self.env.company``.
    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Dunning level",
        company_dependent=True,
        copy=False,
        help="Last post-due level sent for the open debt; empty once everything is paid.",
    )
    dunning_last_date = fields.Date(string="Last reminder", company_dependent=True, copy=False)
    dunning_next_date = fields.Date(
        string="Next reminder",
        company_dependent=True,
        copy=False,
        help="Day the next reminder falls due if nothing is paid.",
    )
    dunning_checked_date = fields.Date(
        company_dependent=True,
        copy=False,
        help="Technical: last day the nightly run examined this customer.",
    )
    dunning_policy_forced_id = fields.Many2one(
        "account.dunning.policy",
        string="Forced scenario",
        company_dependent=True,
        help="Scenario of this customer whatever its risk profile.",
    )
    dunning_policy_id = fields.Many2one(
        "account.dunning.policy",
        string="Dunning scenario",
        compute="_compute_dunning_policy_id",
        help="Effective scenario: the forced one, else the risk profile's, else the company's.",
    )
    dunning_mode = fields.Selection(
        MODES,
        string="Dunning mode",
        company_dependent=True,
        help="Leave empty to follow the scenario's mode.",
    )
    dunning_responsible_id = fields.Many2one(
        "res.users",
        string="Dunning responsible",
        company_dependent=True,
        help="Receives the call tasks; falls back to the salesperson, then to the company's "
        "default responsible.",
    )
    risk_profile_id = fields.Many2one(
        "account.dunning.risk.profile", string="Risk profile", company_dependent=True
    )
    risk_profile_locked = fields.Boolean(
        string="Profile pinned",
        company_dependent=True,
        help="Pinned by hand: the risk rescoring leaves this profile alone.",
    )
    risk_score = fields.Float(
        string="Risk score",
        company_dependent=True,
        digits=(16, 1),
        copy=False,
        help="0 pays on time, 100 pays very late.",
    )
    dunning_event_ids = fields.One2many(
        "account.dunning.event", string="Chase history", compute="_compute_dunning_event_ids"
    )
    dunning_event_count = fields.Integer(compute="_compute_dunning_event_ids")

    @api.depends_context("company")
    @api.depends("dunning_policy_forced_id", "risk_profile_id")
    def _compute_dunning_policy_id(self):
        company = self.env.company
        default = company.dunning_policy_id or self.env.ref(
            "account_dunning_pro.account_dunning_policy_standard", raise_if_not_found=False
        )
        for partner in self:
            partner.dunning_policy_id = (
                partner.dunning_policy_forced_id or partner.risk_profile_id.policy_id or default
            )

    @api.depends_context("company")
    def _compute_dunning_event_ids(self):
        events = self.env["account.dunning.event"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        for partner in self:
            partner.dunning_event_ids = events.filtered(
                lambda e, p=partner: e.partner_id == p.commercial_partner_id
            )
            partner.dunning_event_count = len(partner.dunning_event_ids)

    def write(self, vals):
        if (
            _DUNNING_FIELDS.intersection(vals)
            and not self.env.su
            and not self.env.user.has_group("account_dunning_pro.group_dunning_user")
        ):
            raise AccessError(self.env._("Only dunning users can change a customer's dunning."))
        return super().write(vals)

    def action_dunning_send_now(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.dunning.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    def action_open_dunning_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_pro.account_dunning_event_action"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
            ("company_id", "=", self.env.company.id),
        ]
        action["context"] = {}
        return action
