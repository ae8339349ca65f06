# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

import pytest

from account_dunning_pro.engine import (
    FREQUENCIES,
    PlanOutcome,
    allocate,
    plan_outcome,
    split_instalments,
)
from account_dunning_pro.engine.schedule import add_months


def amounts(schedule):
    return [amount for _day, amount in schedule]


def dates(schedule):
    return [day for day, _amount in schedule]


# ---- split_instalments: amounts ---------------------------------------------------


@pytest.mark.parametrize(
    "total, count, digits, expected",
    [
        (100.0, 1, 2, [100.0]),
        (100.0, 3, 2, [33.33, 33.33, 33.34]),
        (200.0, 3, 2, [66.66, 66.66, 66.68]),
        (100.0, 4, 2, [25.0, 25.0, 25.0, 25.0]),
        (1234.56, 5, 2, [246.91, 246.91, 246.91, 246.91, 246.92]),
        (0.01, 1, 2, [0.01]),
        (0.02, 2, 2, [0.01, 0.01]),
        (0.03, 2, 2, [0.01, 0.02]),
        (0.1, 3, 2, [0.03, 0.03, 0.04]),
        (1000.0, 3, 0, [333.0, 333.0, 334.0]),  # a currency without cents (JPY)
        (10.0, 3, 3, [3.333, 3.333, 3.334]),  # three decimal places (KWD, TND)
        (100.004, 2, 2, [50.0, 50.0]),  # the total is first rounded to the currency
        (100.005, 2, 2, [50.0, 50.01]),
    ],
)
def test_split_amounts(total, count, digits, expected):
    schedule = split_instalments(total, count, date(2026, 1, 15), "monthly", digits)
    assert amounts(schedule) == expected
    assert len(schedule) == count


@pytest.mark.parametrize(
    "total, count",
    [
        (total, count)
        for total in (0.37, 1.0, 99.99, 100.0, 1234.56, 987654.32)
        for count in range(1, 37)
        if total >= count * 0.01
    ],
)
def test_split_sums_exactly_and_last_absorbs(total, count):
    parts = amounts(split_instalments(total, count, date(2026, 1, 15), "weekly"))
    # exact to the cent, not only within float noise
    assert round(sum(parts) * 100) == round(total * 100)
    assert all(part > 0 for part in parts)
    assert all(part == parts[0] for part in parts[:-1])
    assert parts[0] <= parts[-1] < parts[0] + count * 0.01 + 1e-9


# ---- split_instalments: dates -----------------------------------------------------


def test_weekly_dates():
    schedule = split_instalments(90.0, 3, date(2026, 12, 24), "weekly")
    assert dates(schedule) == [date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 7)]


def test_monthly_keeps_the_day_of_month():
    schedule = split_instalments(90.0, 3, date(2026, 11, 15), "monthly")
    assert dates(schedule) == [date(2026, 11, 15), date(2026, 12, 15), date(2027, 1, 15)]


def test_monthly_from_31_january_clamps_to_february_and_comes_back():
    schedule = split_instalments(400.0, 4, date(2026, 1, 31), "monthly")
    assert dates(schedule) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),  # counted from the first date: February does not shift it
        date(2026, 4, 30),
    ]


def test_monthly_leap_year_february():
    schedule = split_instalments(200.0, 2, date(2028, 1, 31), "monthly")
    assert dates(schedule) == [date(2028, 1, 31), date(2028, 2, 29)]
    schedule = split_instalments(200.0, 2, date(2027, 12, 30), "quarterly")
    assert dates(schedule) == [date(2027, 12, 30), date(2028, 3, 30)]


def test_from_29_february_of_a_leap_year():
    assert dates(split_instalments(200.0, 2, date(2028, 2, 29), "quarterly")) == [
        date(2028, 2, 29),
        date(2028, 5, 29),
    ]
    yearly = split_instalments(1300.0, 13, date(2028, 2, 29), "monthly")
    assert dates(yearly)[-1] == date(2029, 2, 28)


def test_quarterly_dates_across_years():
    schedule = split_instalments(500.0, 5, date(2026, 11, 30), "quarterly")
    assert dates(schedule) == [
        date(2026, 11, 30),
        date(2027, 2, 28),
        date(2027, 5, 30),
        date(2027, 8, 30),
        date(2027, 11, 30),
    ]


def test_one_instalment_is_the_first_date_and_the_total():
    for frequency in FREQUENCIES:
        assert split_instalments(75.5, 1, date(2026, 6, 1), frequency) == [(date(2026, 6, 1), 75.5)]


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 1), 24, date(2028, 1, 1)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # not a leap year
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # a leap year
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


# ---- split_instalments: bad input -------------------------------------------------


@pytest.mark.parametrize(
    "total, count, frequency, message",
    [
        (100.0, 0, "monthly", "at least one instalment"),
        (100.0, -2, "monthly", "at least one instalment"),
        (0.0, 1, "monthly", "must be positive"),
        (-10.0, 2, "monthly", "must be positive"),
        (0.004, 1, "monthly", "must be positive"),  # rounds to 0.00
        (0.02, 3, "monthly", "cannot be split into 3"),
        (100.0, 3, "yearly", "Unknown instalment frequency"),
        (100.0, 3, "", "Unknown instalment frequency"),
    ],
)
def test_split_refuses_bad_input(total, count, frequency, message):
    with pytest.raises(ValueError, match=message):
        split_instalments(total, count, date(2026, 1, 1), frequency)


def test_split_refuses_a_fractional_count_and_negative_digits():
    with pytest.raises(ValueError, match="at least one instalment"):
        split_instalments(100.0, 2.5, date(2026, 1, 1), "monthly")
    with pytest.raises(ValueError, match="decimal places"):
        split_instalments(100.0, 2, date(2026, 1, 1), "monthly", digits=-1)


# ---- allocate ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "paid, instalments, expected",
    [
        (0.0, [33.33, 33.33, 33.34], [0.0, 0.0, 0.0]),
        (10.0, [33.33, 33.33, 33.34], [10.0, 0.0, 0.0]),
        (33.33, [33.33, 33.33, 33.34], [33.33, 0.0, 0.0]),
        (33.34, [33.33, 33.33, 33.34], [33.33, 0.01, 0.0]),
        (66.67, [33.33, 33.33, 33.34], [33.33, 33.33, 0.01]),
        (99.99, [33.33, 33.33, 33.34], [33.33, 33.33, 33.33]),
        (100.0, [33.33, 33.33, 33.34], [33.33, 33.33, 33.34]),
        (150.0, [33.33, 33.33, 33.34], [33.33, 33.33, 33.34]),  # the excess stays unallocated
        (0.01, [0.01], [0.01]),
        (0.1 + 0.2, [0.1, 0.2], [0.1, 0.2]),  # float noise does not leave a cent open
        (5.0, [], []),
    ],
)
def test_allocate(paid, instalments, expected):
    assert allocate(paid, instalments) == expected


def test_allocate_refuses_negative_amounts():
    with pytest.raises(ValueError, match="amount paid cannot be negative"):
        allocate(-0.01, [10.0])
    with pytest.raises(ValueError, match="instalment amount cannot be negative"):
        allocate(1.0, [-10.0])


# ---- plan_outcome -----------------------------------------------------------------

SCHEDULE = [(date(2026, 1, 31), 33.33), (date(2026, 2, 28), 33.33), (date(2026, 3, 31), 33.34)]


@pytest.mark.parametrize(
    "paid, today, grace, expected",
    [
        (0.0, date(2026, 1, 31), 3, PlanOutcome("active")),
        (0.0, date(2026, 2, 3), 3, PlanOutcome("active")),  # last day of grace
        (0.0, date(2026, 2, 4), 3, PlanOutcome("breached", 0)),
        (0.0, date(2026, 2, 1), 0, PlanOutcome("breached", 0)),
        (33.32, date(2026, 2, 4), 3, PlanOutcome("breached", 0)),  # a cent short
        (33.33, date(2026, 2, 4), 3, PlanOutcome("active")),
        (33.33, date(2026, 3, 4), 3, PlanOutcome("breached", 1)),
        (66.66, date(2026, 3, 31), 3, PlanOutcome("active")),
        (66.66, date(2026, 4, 4), 3, PlanOutcome("breached", 2)),
        (100.0, date(2026, 1, 1), 3, PlanOutcome("done")),  # paid ahead of time
        (120.0, date(2026, 6, 1), 3, PlanOutcome("done")),
    ],
)
def test_plan_outcome(paid, today, grace, expected):
    assert plan_outcome(SCHEDULE, paid, today, grace) == expected


def test_plan_outcome_reads_instalments_in_date_order():
    shuffled = [SCHEDULE[2], SCHEDULE[0], SCHEDULE[1]]
    assert plan_outcome(shuffled, 33.33, date(2026, 3, 4), 3) == PlanOutcome("breached", 1)


def test_plan_outcome_refuses_bad_input():
    with pytest.raises(ValueError, match="grace period"):
        plan_outcome(SCHEDULE, 0.0, date(2026, 1, 1), -1)
    with pytest.raises(ValueError, match="at least one instalment"):
        plan_outcome([], 0.0, date(2026, 1, 1), 3)
