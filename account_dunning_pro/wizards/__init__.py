# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import account_dunning_send
from . import account_dunning_dispute_resolve
from . import account_dunning_call
from . import account_dunning_discard
from . import account_dunning_validate
from . import account_dunning_validate_line
from . import account_dunning_process
from . import account_dunning_process_line
