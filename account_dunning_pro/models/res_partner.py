# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

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
    "dunning_escalate",
    "dunning_insolvency",
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
    dunning_escalate = fields.Boolean(
        company_dependent=True,
        copy=False,
        help="Technical: a promise to pay was broken, so the next reminder goes out at once "
        "one level up, without waiting for that level's delay. Cleared once it is sent.",
    )
    risk_score_date = fields.Date(
        string="Scored on",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Last day the nightly risk rescoring scored this customer.",
    )
    dunning_policy_reason = fields.Char(
        string="Why this scenario",
        compute="_compute_dunning_policy_id",
        help="Where the effective scenario comes from: the customer, its risk profile or the "
        "company.",
    )
    dunning_credit_hold = fields.Boolean(
        string="Credit hold",
        compute="_compute_dunning_credit_hold",
        help="The customer sits at a dunning level marked credit hold: new invoices and sales "
        "for it warn, or are refused unless a Dunning Manager confirms them.",
    )
    dunning_credit_hold_message = fields.Char(
        string="Credit hold notice", compute="_compute_dunning_credit_hold"
    )
    dunning_insolvency = fields.Boolean(
        string="In insolvency proceedings",
        tracking=True,
        help="Safeguard, receivership or liquidation proceedings are open against this "
        "customer: neither late interest nor the recovery indemnity is claimed or charged.",
    )
    dunning_event_ids = fields.One2many(
        "account.dunning.event", string="Chase history", compute="_compute_dunning_event_ids"
    )
    dunning_event_count = fields.Integer(compute="_compute_dunning_event_ids")
    dunning_dispute_ids = fields.One2many(
        "account.dunning.dispute",
        "partner_id",
        string="Open disputes",
        domain=[("state", "=", "open")],
        readonly=True,
        groups="account_dunning_pro.group_dunning_user,sales_team.group_sale_salesman",
    )

    @api.depends_context("company")
    @api.depends("dunning_policy_forced_id", "risk_profile_id")
    def _compute_dunning_policy_id(self):
        company = self.env.company
        default = company.dunning_policy_id or self.env.ref(
            "account_dunning_pro.account_dunning_policy_standard", raise_if_not_found=False
        )
        for partner in self:
            if partner.dunning_policy_forced_id:
                partner.dunning_policy_id = partner.dunning_policy_forced_id
                partner.dunning_policy_reason = self.env._("Set on the customer")
            elif partner.risk_profile_id.policy_id:
                partner.dunning_policy_id = partner.risk_profile_id.policy_id
                partner.dunning_policy_reason = self.env._(
                    "From its risk profile %(profile)s", profile=partner.risk_profile_id.name
                )
            else:
                partner.dunning_policy_id = default
                partner.dunning_policy_reason = self.env._("Company default") if default else ""

    @api.depends_context("company")
    @api.depends("commercial_partner_id", "dunning_level_id")
    def _compute_dunning_credit_hold(self):
        for partner in self:
            partner.dunning_credit_hold_message = partner._dunning_credit_hold_message()
            partner.dunning_credit_hold = bool(partner.dunning_credit_hold_message)

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
        if "risk_profile_id" not in vals:
            return super().write(vals)
        # a profile set by hand: a profile only ever set by hand (key account) pins it
        profile = self.env["account.dunning.risk.profile"].browse(vals["risk_profile_id"])
        if profile.manual_only and "risk_profile_locked" not in vals:
            vals = dict(vals, risk_profile_locked=True)
        before = {partner: partner.risk_profile_id for partner in self}
        result = super().write(vals)
        for partner, old_profile in before.items():
            if partner.risk_profile_id != old_profile:
                partner._log_profile_set_by_hand(old_profile)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        Profile = self.env["account.dunning.risk.profile"]
        for vals in vals_list:
            if (
                vals.get("risk_profile_id")
                and "risk_profile_locked" not in vals
                and Profile.browse(vals["risk_profile_id"]).manual_only
            ):
                vals["risk_profile_locked"] = True
        return super().create(vals_list)

    def _log_profile_set_by_hand(self, old_profile):
        """The history event of a risk profile changed by a person."""
        self.ensure_one()
        self.env["account.dunning.event"]._log_event(
            self,
            "profile_change",
            self.env._(
                "Risk profile %(old)s → %(new)s: set by hand by %(user)s (score %(score)s).",
                old=old_profile.name or self.env._("(none)"),
                new=self.risk_profile_id.name or self.env._("(none)"),
                user=self.env.user.name,
                score=f"{self.risk_score:g}",
            ),
            policy_id=self.dunning_policy_id.id,
            reason_code="set_by_hand",
        )

    # ---- credit hold ------------------------------------------------------

    def _dunning_credit_hold_message(self, company=None):
        """What a person sees about the credit hold of this customer in ``company``
        (default: the current one), or ``""`` when there is none."""
        self.ensure_one()
        company = company or self.env.company
        customer = self.commercial_partner_id.with_company(company)
        level = customer.sudo().dunning_level_id
        if not level.credit_hold:
            return ""
        if company.dunning_credit_hold_mode == "block":
            return self.env._(
                "Credit hold: %(customer)s is at dunning level %(level)s. New invoices and "
                "sales for this customer are refused unless a Dunning Manager confirms them.",
                customer=customer.name,
                level=level.name,
            )
        return self.env._(
            "Credit hold: %(customer)s is at dunning level %(level)s. Check its overdue "
            "invoices before invoicing or selling more.",
            customer=customer.name,
            level=level.name,
        )

    def _dunning_check_credit_hold(self, company, document):
        """Refuse ``document`` (its name, for the message) for this customer when it is
        on credit hold in ``company`` in block mode, unless the user is a Dunning
        Manager. Technical flows (superuser) are never refused."""
        self.ensure_one()
        if (
            company.dunning_credit_hold_mode != "block"
            or self.env.su
            or self.env.user.has_group("account_dunning_pro.group_dunning_manager")
        ):
            return
        customer = self.commercial_partner_id.with_company(company)
        level = customer.sudo().dunning_level_id
        if level.credit_hold:
            raise UserError(
                self.env._(
                    "%(document)s cannot be confirmed: %(customer)s is on credit hold at "
                    "dunning level %(level)s. Ask a Dunning Manager, or collect the overdue "
                    "invoices first.",
                    document=document,
                    customer=customer.name,
                    level=level.name,
                )
            )

    def action_dunning_send_now(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.dunning.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    def action_dunning_charge_penalties(self):
        """Draft the penalty invoice of the late interest and indemnity not charged yet."""
        self.ensure_one()
        if not self.env.user.has_group("account_dunning_pro.group_dunning_user"):
            raise AccessError(self.env._("Only dunning users can charge penalties."))
        move = self.env["account.dunning.processor"]._charge_penalties_now(
            self.commercial_partner_id
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_dunning_record_promise(self):
        """Record a promise to pay: its form, filled with the customer's overdue invoices."""
        self.ensure_one()
        partner = self.commercial_partner_id
        overdue = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", partner.id),
                ("company_id", "=", self.env.company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            ],
            order="invoice_date_due, id",
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a promise to pay"),
            "res_model": "account.dunning.promise",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_partner_id": partner.id,
                "default_move_ids": [fields.Command.set(overdue.ids)],
                "default_amount": self.env.company.currency_id.round(
                    sum(overdue.mapped("amount_residual_signed"))
                ),
            },
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
