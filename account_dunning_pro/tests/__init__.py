# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_dunning_run
from . import test_dunning_channels
from . import test_dunning_views
from . import test_dunning_letters
from . import test_dunning_followup
from . import test_dunning_user_walk
