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
from .risk import RiskInputs, ScoreRange, overlapping, range_for, risk_score, window_start
from .schedule import FREQUENCIES, PlanOutcome, allocate, plan_outcome, split_instalments

__all__ = [
    "FREQUENCIES",
    "SKIP_BELOW_TOLERANCE",
    "SKIP_COVERED_BY_CREDITS",
    "Decision",
    "Item",
    "LastReminder",
    "Level",
    "PlanOutcome",
    "RiskInputs",
    "ScoreRange",
    "allocate",
    "days_late",
    "decide",
    "late_interest",
    "next_level_date",
    "overlapping",
    "plan_outcome",
    "range_for",
    "recovery_indemnity",
    "risk_score",
    "round_amount",
    "split_instalments",
    "window_start",
]
