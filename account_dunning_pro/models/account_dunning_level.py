# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .channels import CHANNELS


class AccountDunningLevel(models.Model):
    _name = "account.dunning.level"
    _description = "Dunning level"
    _order = "policy_id, sequence, id"
    _check_company_auto = True

    policy_id = fields.Many2one(
        "account.dunning.policy", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    sequence = fields.Integer(default=10, required=True)
    name = fields.Char(required=True, translate=True)
    delay = fields.Integer(
        string="Delay (days)",
        required=True,
        help="Days after the due date of the oldest overdue invoice; negative: days before "
        "the due date (courteous pre-due reminder), e.g. -3 is three days before it.",
    )
    send_email = fields.Boolean(string="Email")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        domain=[("model", "=", "res.partner")],
    )
    attach_invoices = fields.Boolean(
        string="Attach invoice PDFs", help="Attach the PDF of each overdue invoice to the email."
    )
    send_sms = fields.Boolean(string="SMS")
    sms_template_id = fields.Many2one(
        "sms.template", string="SMS template", domain=[("model", "=", "res.partner")]
    )
    send_letter = fields.Boolean(string="Letter")
    letter_body = fields.Html(
        string="Letter text",
        translate=True,
        sanitize_style=True,
        help="Text of the letter, above the list of overdue invoices.",
    )
    create_activity = fields.Boolean(string="Task")
    activity_type_id = fields.Many2one("mail.activity.type", string="Task type")
    activity_summary = fields.Char(string="Task summary", translate=True)
    formal_notice = fields.Boolean(
        string="Formal notice",
        help="This step is the formal notice to pay (mise en demeure): it may claim late "
        "interest and the recovery indemnity.",
    )
    add_interest = fields.Boolean(
        string="Late interest", help="Show the late-payment interest on the letter and email."
    )
    add_indemnity = fields.Boolean(
        string="Recovery indemnity",
        help="Claim the fixed 40 EUR recovery indemnity per late invoice (French Code de "
        "commerce L441-10 and D441-5), business customers only.",
    )
    charge_penalties = fields.Boolean(
        string="Charge penalties",
        help="When this level is sent, draft a customer invoice of the late interest and the "
        "recovery indemnity not charged yet, for a person to review and post.",
    )
    credit_hold = fields.Boolean(
        string="Credit hold",
        help="While a customer sits at this level, posting a new invoice or confirming a sale "
        "for it warns, or is refused unless a Dunning Manager does it (company setting).",
    )
    is_pre_due = fields.Boolean(compute="_compute_is_pre_due")

    _policy_sequence_uniq = models.Constraint(
        "UNIQUE(policy_id, sequence)",
        "Two levels of a scenario cannot share the same sequence.",
    )
    _policy_delay_uniq = models.Constraint(
        "UNIQUE(policy_id, delay)",
        "Two levels of a scenario cannot share the same delay.",
    )

    @api.depends("delay")
    def _compute_is_pre_due(self):
        for level in self:
            level.is_pre_due = level.delay < 0

    @api.constrains("sequence", "delay", "policy_id")
    def _check_delay_order(self):
        for policy in self.policy_id:
            delays = policy.level_ids.sorted("sequence").mapped("delay")
            if delays != sorted(delays):
                raise ValidationError(
                    self.env._(
                        "The levels of scenario %(policy)s must be ordered by delay: a later "
                        "level cannot have a shorter delay.",
                        policy=policy.display_name,
                    )
                )

    @api.constrains(
        "send_email",
        "mail_template_id",
        "send_sms",
        "sms_template_id",
        "create_activity",
        "activity_type_id",
    )
    def _check_actions(self):
        for level in self:
            if level.send_email and not level.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s sends an email: choose its template.",
                        level=level.display_name,
                    )
                )
            if level.send_sms and not level.sms_template_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s sends an SMS: choose its template.",
                        level=level.display_name,
                    )
                )
            if level.create_activity and not level.activity_type_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s creates a task: choose its type.", level=level.display_name
                    )
                )

    @api.depends("policy_id", "name")
    def _compute_display_name(self):
        for level in self:
            level.display_name = (
                f"{level.policy_id.name} / {level.name}" if level.policy_id else level.name
            )

    def _get_channels(self):
        """Channels of this level, in the order they are carried out."""
        self.ensure_one()
        return [channel.code for channel in CHANNELS if self[channel.level_field]]
