# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

import pytest

from account_dunning_pro.engine import late_interest, recovery_indemnity, round_amount

DUE = date(2026, 1, 31)


def later(days):
    return DUE + timedelta(days=days)


@pytest.mark.parametrize(
    "residual, days, rate, expected",
    [
        (1000.0, 365, 10.0, 100.0),
        (1000.0, 73, 10.0, 20.0),
        (1000.0, 1, 10.0, 0.27),  # 0.27397...
        (1000.0, 2, 10.0, 0.55),  # 0.54794...
        (1234.56, 30, 12.15, 12.33),  # 12.3287...
        (365.0, 1, 1.0, 0.01),
        (1000.0, 730, 10.0, 200.0),
        (1000.0, 10, 0.0, 0.0),
    ],
)
def test_late_interest(residual, days, rate, expected):
    assert late_interest(residual, DUE, later(days), rate) == expected


@pytest.mark.parametrize("days", [0, -1, -30])
def test_no_interest_before_or_on_the_due_date(days):
    assert late_interest(1000.0, DUE, later(days), 10.0) == 0.0


@pytest.mark.parametrize("residual", [0.0, -500.0])
def test_no_interest_on_credits(residual):
    assert late_interest(residual, DUE, later(100), 10.0) == 0.0


def test_negative_rate_raises():
    with pytest.raises(ValueError, match="negative"):
        late_interest(1000.0, DUE, later(10), -1.0)


@pytest.mark.parametrize(
    "value, expected",
    [(2.675, 2.68), (2.665, 2.67), (-2.675, -2.68), (0.005, 0.01), (0.004999, 0.0), (-0.001, 0.0)],
)
def test_round_amount_half_up(value, expected):
    result = round_amount(value)
    assert result == expected
    assert str(result) != "-0.0"


@pytest.mark.parametrize(
    "count, kwargs, expected",
    [
        (1, {}, 40.0),
        (3, {}, 120.0),
        (0, {}, 0.0),
        (3, {"b2b": False}, 0.0),
        (3, {"insolvent": True}, 0.0),
        (3, {"b2b": False, "insolvent": True}, 0.0),
        (2, {"amount": 45.5}, 91.0),
    ],
)
def test_recovery_indemnity(count, kwargs, expected):
    assert recovery_indemnity(count, **kwargs) == expected


@pytest.mark.parametrize("count, amount", [(-1, 40.0), (1, -40.0)])
def test_recovery_indemnity_rejects_negative_values(count, amount):
    with pytest.raises(ValueError, match="negative"):
        recovery_indemnity(count, amount=amount)


def test_recovery_indemnity_options_are_keyword_only():
    with pytest.raises(TypeError):
        recovery_indemnity(1, False)


@pytest.mark.parametrize(
    "value, digits, expected",
    [(1497.5, 0, 1498.0), (1497.49, 0, 1497.0), (2.6751, 3, 2.675), (2.6755, 3, 2.676)],
)
def test_round_amount_to_other_decimals(value, digits, expected):
    assert round_amount(value, digits) == expected


def test_late_interest_in_a_currency_without_cents():
    assert late_interest(100000.0, DUE, later(45), 12.15, digits=0) == 1498.0
