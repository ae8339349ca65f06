# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer payment risk: a 0..100 score from past payment delays."""

from dataclasses import dataclass
from datetime import date, timedelta

WINDOW_DAYS = 365
# Paying this many days late on average gives the maximum score.
FULL_SCORE_DAYS = 60.0


@dataclass(frozen=True)
class PaymentRecord:
    due_date: date
    paid_date: date | None  # None: still open
    amount: float


def _in_window(record: PaymentRecord, today: date) -> bool:
    # Open records are today's debt and always count, however old; paid ones
    # count when the payment happened within the window.
    if record.paid_date is None:
        return True
    return today - timedelta(days=WINDOW_DAYS) <= record.paid_date <= today


def _days_late(record: PaymentRecord, today: date) -> int:
    end = record.paid_date if record.paid_date is not None else today
    return max(0, (end - record.due_date).days)


def risk_score(records, today: date) -> float:
    """Amount-weighted average days late over the last 365 days, scaled to 0..100.

    Records with a non-positive amount (refunds) carry no weight.
    """
    weight = 0.0
    weighted_days = 0.0
    for record in records:
        if record.amount <= 0 or not _in_window(record, today):
            continue
        weight += record.amount
        weighted_days += record.amount * _days_late(record, today)
    if not weight:
        return 0.0
    average = weighted_days / weight
    return round(min(100.0, average * 100.0 / FULL_SCORE_DAYS), 2)


def risk_code(score: float, thresholds: tuple[float, float] = (10.0, 40.0)) -> str:
    """Classify a score: ``good``, ``standard`` or ``bad``.

    ``key_account`` is never computed: it is only set by hand on the customer.
    """
    good_max, standard_max = thresholds
    if good_max > standard_max:
        raise ValueError("Risk thresholds must be in increasing order.")
    if score <= good_max:
        return "good"
    if score <= standard_max:
        return "standard"
    return "bad"
