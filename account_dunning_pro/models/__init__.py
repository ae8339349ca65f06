# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import account_dunning_policy
from . import account_dunning_level
from . import account_dunning_event
from . import account_dunning_risk_profile
from . import account_dunning_payment_plan
from . import account_dunning_payment_plan_line
from . import account_dunning_promise
from . import account_dunning_dispute_reason
from . import account_dunning_dispute
from . import account_dunning_processor
from . import account_dunning_run
from . import account_dunning_followup
from . import account_dunning_followup_summary
from . import account_dunning_receivable_report
from . import res_company
from . import res_partner
from . import account_move
from . import account_move_line
from . import ir_qweb
from . import ir_actions_report
