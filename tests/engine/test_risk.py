# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

import pytest

from account_dunning_pro.engine import PaymentRecord, risk_code, risk_score

TODAY = date(2026, 6, 30)


def ago(days):
    return TODAY - timedelta(days=days)


def paid(due_ago, late, amount=100.0):
    """A record due ``due_ago`` days ago and paid ``late`` days after its due date."""
    return PaymentRecord(due_date=ago(due_ago), paid_date=ago(due_ago - late), amount=amount)


def open_(due_ago, amount=100.0):
    return PaymentRecord(due_date=ago(due_ago), paid_date=None, amount=amount)


@pytest.mark.parametrize(
    "records, expected",
    [
        ([], 0.0),
        ([paid(100, 0)], 0.0),
        ([paid(100, -10)], 0.0),  # paid early: clamped at 0
        ([paid(100, 30)], 50.0),
        ([paid(100, 60)], 100.0),
        ([paid(100, 90)], 100.0),  # capped
        ([paid(100, 6)], 10.0),
        # amount-weighted: (300 * 0 + 100 * 60) / 400 = 15 days -> 25
        ([paid(100, 0, 300.0), paid(200, 60, 100.0)], 25.0),
        # unweighted it would be 30 days; weighted (100 * 0 + 300 * 60) / 400 = 45 days
        ([paid(100, 0, 100.0), paid(200, 60, 300.0)], 75.0),
        ([open_(12)], 20.0),
        ([open_(-20)], 0.0),  # open, not yet due
        ([open_(-20), paid(100, 24)], 20.0),
        ([paid(100, 10), paid(50, 20)], 25.0),
        ([paid(50, 1), paid(60, 2), paid(70, 3)], 3.33),
    ],
)
def test_risk_score(records, expected):
    assert risk_score(records, TODAY) == expected


@pytest.mark.parametrize(
    "record, counted",
    [
        (paid(400, 35), True),  # paid 365 days ago: still in the window
        (paid(401, 35), False),  # paid 366 days ago
        (paid(500, 0), False),
        (open_(500), True),  # still open: today's debt
    ],
)
def test_risk_window(record, counted):
    on_time = paid(10, 0)
    score = risk_score([record, on_time], TODAY)
    assert (score > 0) == counted


@pytest.mark.parametrize("amount", [0.0, -100.0])
def test_records_without_positive_amount_carry_no_weight(amount):
    assert risk_score([paid(100, 60, amount)], TODAY) == 0.0
    assert risk_score([paid(100, 60, amount), paid(100, 30)], TODAY) == 50.0


@pytest.mark.parametrize(
    "score, expected",
    [
        (0.0, "good"),
        (10.0, "good"),
        (10.01, "standard"),
        (40.0, "standard"),
        (40.01, "bad"),
        (100.0, "bad"),
    ],
)
def test_risk_code_default_thresholds(score, expected):
    assert risk_code(score) == expected


@pytest.mark.parametrize(
    "score, expected", [(5.0, "good"), (5.5, "standard"), (20.0, "standard"), (21.0, "bad")]
)
def test_risk_code_custom_thresholds(score, expected):
    assert risk_code(score, (5.0, 20.0)) == expected


def test_risk_code_equal_thresholds_have_no_standard_band():
    assert risk_code(30.0, (30.0, 30.0)) == "good"
    assert risk_code(30.5, (30.0, 30.0)) == "bad"


def test_risk_code_rejects_decreasing_thresholds():
    with pytest.raises(ValueError, match="increasing"):
        risk_code(20.0, (40.0, 10.0))


def test_key_account_is_never_computed():
    assert {risk_code(score / 2) for score in range(0, 201)} == {"good", "standard", "bad"}
