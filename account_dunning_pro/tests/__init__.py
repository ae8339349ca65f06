# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_dunning_run
from . import test_dunning_channels
from . import test_dunning_views
from . import test_dunning_letters
from . import test_dunning_followup
from . import test_dunning_user_walk
from . import test_dunning_dispute
from . import test_dunning_plan
from . import test_dunning_report
from . import test_dunning_risk
from . import test_dunning_promise
from . import test_dunning_penalties
from . import test_dunning_tours
from . import test_dunning_partner
from . import test_dunning_process
from . import test_dunning_kanban
from . import test_dunning_process_tour
from . import test_dunning_kanban_tour
from . import test_dunning_pipeline
