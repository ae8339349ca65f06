# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure dunning engine: plain values in, plain values out, no ``odoo`` import."""

from .decision import (
    SKIP_BELOW_TOLERANCE,
    SKIP_COVERED_BY_CREDITS,
    Decision,
    Item,
    LastReminder,
    Level,
    days_late,
    decide,
    next_level_date,
)
from .interest import late_interest, recovery_indemnity, round_amount
from .risk import PaymentRecord, risk_code, risk_score

__all__ = [
    "SKIP_BELOW_TOLERANCE",
    "SKIP_COVERED_BY_CREDITS",
    "Decision",
    "Item",
    "LastReminder",
    "Level",
    "PaymentRecord",
    "days_late",
    "decide",
    "late_interest",
    "next_level_date",
    "recovery_indemnity",
    "risk_code",
    "risk_score",
    "round_amount",
]
