# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

import pytest

from account_dunning_pro.engine import (
    RiskInputs,
    ScoreRange,
    overlapping,
    range_for,
    risk_score,
    window_start,
)
from account_dunning_pro.engine import risk as risk_module

WORST = RiskInputs(avg_days_late=60.0, late_share=1.0, overdue_share=1.0, incidents=2)

# ---- the score ------------------------------------------------------------------


def test_no_history_scores_zero():
    assert risk_score(RiskInputs()) == 0.0
    assert risk_score(RiskInputs.from_totals()) == 0.0


def test_all_zero_scores_zero():
    assert risk_score(RiskInputs(0.0, 0.0, 0.0, 0)) == 0.0


def test_worst_scores_100():
    assert risk_score(WORST) == 100.0


def test_the_weights_sum_to_100():
    assert (
        risk_module.WEIGHT_DAYS_LATE
        + risk_module.WEIGHT_LATE_SHARE
        + risk_module.WEIGHT_OVERDUE_SHARE
        + risk_module.WEIGHT_INCIDENTS
    ) == 100.0


@pytest.mark.parametrize(
    "inputs, expected",
    [
        # each input alone, at half and at full weight
        (RiskInputs(avg_days_late=30.0), 20.0),
        (RiskInputs(avg_days_late=60.0), 40.0),
        (RiskInputs(avg_days_late=1.0), 0.7),  # 0.666...
        (RiskInputs(late_share=0.5), 10.0),
        (RiskInputs(late_share=1.0), 20.0),
        (RiskInputs(overdue_share=0.5), 12.5),
        (RiskInputs(overdue_share=1.0), 25.0),
        (RiskInputs(incidents=1), 7.5),
        (RiskInputs(incidents=2), 15.0),
    ],
)
def test_each_input_alone(inputs, expected):
    assert risk_score(inputs) == expected


@pytest.mark.parametrize(
    "inputs, expected",
    [
        (RiskInputs(avg_days_late=61.0), 40.0),
        (RiskInputs(avg_days_late=3650.0), 40.0),
        (RiskInputs(incidents=3), 15.0),
        (RiskInputs(incidents=50), 15.0),
        (RiskInputs(avg_days_late=500.0, late_share=1.0, overdue_share=1.0, incidents=9), 100.0),
    ],
)
def test_days_and_incidents_are_clamped(inputs, expected):
    assert risk_score(inputs) == expected


def test_worked_example_of_the_documentation():
    # readme/CONFIGURE.md: 24 days late on average, 6 invoices paid late out of 10,
    # 3,200 overdue out of 4,000 open, one broken promise:
    # 40 * 24/60 + 20 * 0.6 + 25 * 0.8 + 15 * 1/2 = 16 + 12 + 20 + 7.5 = 55.5
    inputs = RiskInputs.from_totals(
        weighted_days=24.0 * 10_000.0,
        paid_amount=10_000.0,
        paid_count=10,
        paid_late_count=6,
        open_amount=4_000.0,
        overdue_amount=3_200.0,
        incidents=1,
    )
    assert inputs == RiskInputs(avg_days_late=24.0, late_share=0.6, overdue_share=0.8, incidents=1)
    assert risk_score(inputs) == 55.5


def test_score_is_monotonic_in_each_input():
    base = RiskInputs(avg_days_late=10.0, late_share=0.2, overdue_share=0.2, incidents=0)
    higher = [
        RiskInputs(20.0, 0.2, 0.2, 0),
        RiskInputs(10.0, 0.4, 0.2, 0),
        RiskInputs(10.0, 0.2, 0.4, 0),
        RiskInputs(10.0, 0.2, 0.2, 1),
    ]
    for inputs in higher:
        assert risk_score(inputs) > risk_score(base)


@pytest.mark.parametrize(
    "totals, expected",
    [
        ({}, RiskInputs()),
        # nothing paid: no average, no share, whatever the counts say
        ({"weighted_days": 50.0, "paid_amount": 0.0}, RiskInputs()),
        ({"paid_count": 0, "paid_late_count": 3}, RiskInputs()),
        # a credit balance (open amount <= 0) is never overdue
        ({"open_amount": -100.0, "overdue_amount": 50.0}, RiskInputs()),
        # more overdue than open (credits not yet allocated): clamped to the whole
        ({"open_amount": 100.0, "overdue_amount": 150.0}, RiskInputs(overdue_share=1.0)),
        ({"weighted_days": 300.0, "paid_amount": 100.0}, RiskInputs(avg_days_late=3.0)),
        ({"paid_count": 4, "paid_late_count": 1}, RiskInputs(late_share=0.25)),
        ({"incidents": 3}, RiskInputs(incidents=3)),
    ],
)
def test_inputs_from_totals(totals, expected):
    assert RiskInputs.from_totals(**totals) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"avg_days_late": -1.0},
        {"avg_days_late": float("nan")},
        {"avg_days_late": "12"},
        {"avg_days_late": None},
        {"late_share": -0.1},
        {"late_share": 1.01},
        {"overdue_share": 2.0},
        {"overdue_share": float("nan")},
        {"incidents": -1},
        {"incidents": 1.5},
        {"incidents": True},
    ],
)
def test_bad_input_raises(kwargs):
    with pytest.raises(ValueError):
        RiskInputs(**kwargs)


def test_inputs_are_frozen():
    with pytest.raises(AttributeError):
        RiskInputs().incidents = 3


def test_window_is_the_last_12_months():
    assert window_start(date(2026, 6, 30)) == date(2025, 6, 30)


# ---- the profile by score range --------------------------------------------------

SHIPPED = [ScoreRange(1, 0, 25), ScoreRange(2, 25, 50), ScoreRange(3, 50, 100)]


@pytest.mark.parametrize(
    "score, key",
    [(0.0, 1), (24.9, 1), (25.0, 2), (49.9, 2), (50.0, 3), (63.0, 3), (99.9, 3), (100.0, 3)],
)
def test_range_for_shipped_ranges(score, key):
    assert range_for(score, SHIPPED) == key


def test_shipped_ranges_cover_every_score_once():
    assert overlapping(SHIPPED) is None
    for tenth in range(0, 1001):
        score = tenth / 10
        assert sum(r.contains(score) for r in SHIPPED) == 1, score


def test_a_gap_picks_no_profile():
    assert range_for(30.0, [ScoreRange(1, 0, 20), ScoreRange(2, 40, 100)]) is None
    assert range_for(10.0, []) is None


def test_a_range_below_100_excludes_its_maximum():
    assert not ScoreRange(1, 0, 50).contains(50.0)
    assert ScoreRange(1, 50, 100).contains(100.0)


@pytest.mark.parametrize("score", [-0.1, 100.1])
def test_range_for_refuses_scores_out_of_bounds(score):
    with pytest.raises(ValueError):
        range_for(score, SHIPPED)


@pytest.mark.parametrize(
    "ranges, pair",
    [
        ([ScoreRange(1, 0, 30), ScoreRange(2, 25, 50)], (1, 2)),
        ([ScoreRange(1, 0, 100), ScoreRange(2, 40, 60)], (1, 2)),
        ([ScoreRange(2, 50, 100), ScoreRange(1, 0, 25), ScoreRange(3, 20, 30)], (1, 3)),
        ([ScoreRange(1, 0, 25), ScoreRange(2, 25, 50)], None),  # touching is not overlapping
        ([ScoreRange(1, 10, 20)], None),
        ([], None),
    ],
)
def test_overlapping(ranges, pair):
    assert overlapping(ranges) == pair


@pytest.mark.parametrize("bounds", [(-1, 20), (20, 20), (30, 20), (50, 100.5)])
def test_bad_range_raises(bounds):
    with pytest.raises(ValueError):
        ScoreRange(1, *bounds)


def test_score_terms_explain_the_worked_example():
    """What each input adds: the partner form shows it; the score is their sum."""
    inputs = RiskInputs(avg_days_late=24.0, late_share=0.6, overdue_share=0.8, incidents=1)
    assert risk_module.score_terms(inputs) == pytest.approx(
        {"days_late": 16.0, "late_share": 12.0, "overdue_share": 20.0, "incidents": 7.5}
    )
    capped = RiskInputs(avg_days_late=90.0, incidents=5)
    assert risk_module.score_terms(capped)["days_late"] == 40.0
    assert risk_module.score_terms(capped)["incidents"] == 15.0
    assert risk_score(capped) == round(sum(risk_module.score_terms(capped).values()), 1)
