# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest

from account_dunning_pro.engine import (
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

D = date(2026, 3, 2)  # due date of the reference invoice

PRE = Level(key=10, sequence=1, delay=-3)
L3 = Level(key=11, sequence=2, delay=3)
L15 = Level(key=12, sequence=3, delay=15)
L30 = Level(key=13, sequence=4, delay=30)
L45 = Level(key=14, sequence=5, delay=45)
L60 = Level(key=15, sequence=6, delay=60)
LEVELS = (PRE, L3, L15, L30, L45, L60)
POST = (L3, L15, L30, L45, L60)
BY_DELAY = {level.delay: level for level in LEVELS}


def day(offset):
    return D + timedelta(days=offset)


def inv(key=1, due=0, residual=100.0, currency="EUR", company=None, **kwargs):
    return Item(
        key=key,
        due_date=day(due),
        residual=residual,
        currency=currency,
        residual_company=residual if company is None else company,
        **kwargs,
    )


def sent_at(last_level, offset):
    return LastReminder(level=last_level, date=day(offset))


def fires(decision):
    return decision is not None and decision.level is not None and not decision.skip_reason


def run(items, start, end, last=None, levels=LEVELS, min_amount=0.0, jump=False):
    """Call decide() every day from start to end (offsets) and apply its decisions
    the way the processor does. Returns the reminders sent as
    (offset, level delay, pre_due), the final LastReminder and the final items."""
    items = {item.key: item for item in items}
    sent = []
    for offset in range(start, end + 1):
        today = day(offset)
        decision = decide(items.values(), levels, today, last, min_amount, jump)
        if decision is None:
            continue
        if decision.reset:
            last = None
        if fires(decision):
            sent.append((offset, decision.level.delay, decision.pre_due))
            for item in decision.items:
                sequence = max(item.level_sequence or 0, decision.level.sequence)
                items[item.key] = replace(item, level_sequence=sequence)
            if not decision.pre_due:
                last = LastReminder(decision.level, today)
    return sent, last, items


# --- validation -------------------------------------------------------------


@pytest.mark.parametrize(
    "levels, message",
    [
        ((Level(1, 1, 3), Level(2, 1, 15)), "sequence"),
        ((Level(1, 1, 15), Level(2, 2, 3)), "increase"),
        ((Level(1, 1, 3), Level(2, 2, 3)), "increase"),
        ((Level(1, 1, 3), Level(2, 2, -3)), "increase"),
        ((Level(1, 5, -3), Level(2, 2, 3)), "increase"),
    ],
)
def test_invalid_levels_raise(levels, message):
    with pytest.raises(ValueError, match=message):
        decide([inv()], levels, day(10))
    with pytest.raises(ValueError, match=message):
        next_level_date([inv()], levels, day(10))


def test_invalid_levels_raise_even_without_items():
    with pytest.raises(ValueError, match="sequence"):
        decide([], (Level(1, 1, 3), Level(2, 1, 15)), day(10))


def test_last_reminder_at_a_pre_due_level_raises():
    with pytest.raises(ValueError, match="post-due"):
        decide([inv()], LEVELS, day(10), sent_at(PRE, -3))


def test_negative_min_amount_raises():
    with pytest.raises(ValueError, match="minimum"):
        decide([inv()], LEVELS, day(10), min_amount=-1.0)


def test_level_order_of_the_input_does_not_matter():
    shuffled = (L45, PRE, L60, L3, L30, L15)
    for offset in (-3, 3, 20, 61):
        assert decide([inv()], shuffled, day(offset)) == decide([inv()], LEVELS, day(offset))


@pytest.mark.parametrize("offset, expected", [(-5, 0), (-1, 0), (0, 0), (1, 1), (30, 30)])
def test_days_late(offset, expected):
    assert days_late(inv(), day(offset)) == expected


# --- boundaries on every delay ------------------------------------------------


@pytest.mark.parametrize(
    "offset, expected_delay",
    [
        (-10, None),
        (-4, None),
        (-3, -3),
        (-2, -3),
        (0, -3),
        (1, None),  # overdue: no longer pre-due, not yet at +3
        (2, None),
        (3, 3),
        (4, 3),
        (14, 3),
        (15, 15),
        (16, 15),
        (29, 15),
        (30, 30),
        (31, 30),
        (44, 30),
        (45, 45),
        (46, 45),
        (59, 45),
        (60, 60),
        (61, 60),
        (400, 60),
    ],
)
def test_first_reminder_boundaries_when_the_scenario_may_jump(offset, expected_delay):
    decision = decide([inv()], LEVELS, day(offset), jump=True)
    if expected_delay is None:
        assert decision is None
        return
    assert decision == Decision(
        level=BY_DELAY[expected_delay],
        items=(inv(),),
        totals={"EUR": 100.0},
        pre_due=expected_delay < 0,
    )


@pytest.mark.parametrize("previous, following", list(pairwise(POST)))
@pytest.mark.parametrize("shift", [-1, 0, 1])
def test_next_level_boundaries_when_sent_on_time(previous, following, shift):
    item = inv(level_sequence=previous.sequence)
    last = sent_at(previous, previous.delay)
    decision = decide([item], LEVELS, day(following.delay + shift), last)
    if shift < 0:
        assert decision is None
    else:
        assert decision == Decision(level=following, items=(item,), totals={"EUR": 100.0})


def test_full_timeline_one_reminder_per_level():
    sent, last, items = run([inv()], -20, 150)
    assert sent == [
        (-3, -3, True),
        (3, 3, False),
        (15, 15, False),
        (30, 30, False),
        (45, 45, False),
        (60, 60, False),
    ]
    assert last == sent_at(L60, 60)
    assert items[1].level_sequence == L60.sequence


@pytest.mark.parametrize("level", POST)
def test_no_double_fire_on_the_same_day_or_the_following_days(level):
    item = inv(level_sequence=level.sequence)
    last = sent_at(level, level.delay)
    following = [lvl for lvl in POST if lvl.sequence > level.sequence]
    quiet_until = following[0].delay if following else level.delay + 400
    for offset in range(level.delay, quiet_until):
        assert decide([item], LEVELS, day(offset), last) is None, offset
    if following:
        assert decide([item], LEVELS, day(quiet_until), last).level == following[0]


def test_first_run_jumps_to_the_highest_eligible_level_when_allowed():
    assert decide([inv()], LEVELS, day(50), jump=True).level == L45


@pytest.mark.parametrize("offset", [3, 4, 15, 44, 50, 400])
def test_first_reminder_of_a_late_debt_is_the_first_post_due_level(offset):
    decision = decide([inv()], LEVELS, day(offset))
    assert decision == Decision(level=L3, items=(inv(),), totals={"EUR": 100.0})


def test_go_live_on_a_debt_50_days_late_climbs_with_the_spacing():
    sent, last, _items = run([inv()], 50, 200)
    assert sent == [
        (50, 3, False),
        (62, 15, False),
        (77, 30, False),
        (92, 45, False),
        (107, 60, False),
    ]
    assert last == sent_at(L60, 107)


# --- spacing when the run was absent ------------------------------------------


@pytest.mark.parametrize(
    "last_level, sent_offset, offset, expected",
    [
        # +3 sent on time, run absent for longer than the gaps: jump to the highest.
        (L3, 3, 40, L30),
        (L3, 3, 70, L60),
        # +3 sent late (day 20): the +15 waits 12 days after it, the +30 27 days.
        (L3, 20, 31, None),
        (L3, 20, 32, L15),
        (L3, 20, 46, L15),
        (L3, 20, 47, L30),
        (L3, 20, 62, L45),
        (L3, 20, 76, L45),
        (L3, 20, 77, L60),
        # +15 sent on time: absences shorter and longer than the gaps.
        (L15, 15, 29, None),
        (L15, 15, 30, L30),
        (L15, 15, 44, L30),
        (L15, 15, 45, L45),
        (L15, 15, 59, L45),
        (L15, 15, 60, L60),
        # +30 sent 10 days late: the +45 waits 15 days after it.
        (L30, 40, 45, None),
        (L30, 40, 54, None),
        (L30, 40, 55, L45),
        (L30, 40, 69, L45),
        (L30, 40, 70, L60),
    ],
)
def test_spacing_after_an_absence_when_the_scenario_may_jump(
    last_level, sent_offset, offset, expected
):
    item = inv(level_sequence=last_level.sequence)
    decision = decide([item], LEVELS, day(offset), sent_at(last_level, sent_offset), jump=True)
    if expected is None:
        assert decision is None
    else:
        assert decision == Decision(level=expected, items=(item,), totals={"EUR": 100.0})


def test_spacing_is_kept_for_every_level_after_a_late_start():
    sent, last, _items = run([inv(level_sequence=L3.sequence)], 21, 200, last=sent_at(L3, 20))
    assert sent == [(32, 15, False), (47, 30, False), (62, 45, False), (77, 60, False)]
    assert last == sent_at(L60, 77)


def test_absence_longer_than_every_gap_sends_only_the_highest_level_when_allowed():
    last = sent_at(L3, 3)
    sent, _last, _items = run([inv(level_sequence=L3.sequence)], 90, 200, last=last, jump=True)
    assert sent == [(90, 60, False)]


@pytest.mark.parametrize(
    "last_level, sent_offset, offset, expected",
    [
        (L3, 3, 40, L15),
        (L3, 3, 70, L15),
        (L3, 20, 31, None),
        (L3, 20, 32, L15),
        (L3, 20, 77, L15),
        (L15, 15, 29, None),
        (L15, 15, 30, L30),
        (L15, 15, 60, L30),
        (L30, 40, 54, None),
        (L30, 40, 55, L45),
        (L30, 40, 70, L45),
    ],
)
def test_after_an_absence_the_chase_climbs_one_level(last_level, sent_offset, offset, expected):
    item = inv(level_sequence=last_level.sequence)
    decision = decide([item], LEVELS, day(offset), sent_at(last_level, sent_offset))
    assert (decision and decision.level) == expected


def test_absence_longer_than_every_gap_then_every_level_spaced():
    sent, _last, _items = run([inv(level_sequence=L3.sequence)], 90, 200, last=sent_at(L3, 3))
    assert sent == [(90, 15, False), (105, 30, False), (120, 45, False), (135, 60, False)]


# --- the level never moves backwards ------------------------------------------


@pytest.mark.parametrize("offset", [31, 35, 40, 54])
def test_level_never_moves_backwards_for_a_younger_debt(offset):
    # The +30 invoice was paid; a younger one (due day 25) is still open.
    younger = inv(key=2, due=25)
    assert decide([younger], LEVELS, day(offset), sent_at(L30, 30)) is None


def test_younger_debt_waits_for_the_current_level_then_climbs():
    younger = inv(key=2, due=25)
    sent, _last, _items = run([younger], 31, 200, last=sent_at(L30, 30))
    assert sent == [(55, 30, False), (70, 45, False), (85, 60, False)]


def test_no_candidate_above_and_current_level_above_eligible_gives_nothing():
    younger = inv(key=2, due=25, level_sequence=None)
    decision = decide([younger], LEVELS, day(45), sent_at(L60, 44))
    assert decision is None


# --- the same level again, only for items it never covered --------------------


def test_same_level_fires_again_for_an_older_uncovered_item():
    covered = inv(key=1, level_sequence=L15.sequence)
    older = inv(key=2, due=-1, residual=50.0)
    last = sent_at(L15, 15)
    assert decide([covered, older], LEVELS, day(15), last) is None  # same day
    decision = decide([covered, older], LEVELS, day(16), last)
    assert decision == Decision(level=L15, items=(older, covered), totals={"EUR": 150.0})


def test_same_level_fires_again_when_a_tied_oldest_item_is_uncovered():
    covered = inv(key=1, level_sequence=L15.sequence)
    tied = inv(key=2, residual=50.0)
    decision = decide([covered, tied], LEVELS, day(20), sent_at(L15, 15))
    assert decision.level == L15
    assert decision.items == (covered, tied)


@pytest.mark.parametrize("offset", [16, 20, 29])
def test_same_level_does_not_fire_when_the_driving_item_is_covered(offset):
    covered = inv(key=1, level_sequence=L15.sequence)
    younger = inv(key=2, due=10, residual=50.0)
    assert decide([covered, younger], LEVELS, day(offset), sent_at(L15, 15)) is None


@pytest.mark.parametrize(
    "level_sequence, offset, expected",
    [
        (L30.sequence, 35, None),
        (L30.sequence, 44, None),
        (L30.sequence, 45, L45),
        (L60.sequence, 100, None),
        (L15.sequence, 35, L30),
        (PRE.sequence, 35, L3),
    ],
)
def test_guard_without_last_reminder(level_sequence, offset, expected):
    item = inv(level_sequence=level_sequence)
    decision = decide([item], LEVELS, day(offset))
    assert (decision and decision.level) == expected


# --- partial payments and credits ----------------------------------------------


def test_partial_payment_reduces_the_totals():
    items = [inv(key=1, residual=40.0), inv(key=2, due=-2, residual=100.5)]
    decision = decide(items, LEVELS, day(3))
    assert decision.level == L3
    assert decision.totals == {"EUR": 140.5}
    assert [item.key for item in decision.items] == [2, 1]


def test_partial_payment_below_tolerance_is_skipped():
    decision = decide([inv(residual=40.0)], LEVELS, day(3), min_amount=50.0)
    assert decision == Decision(
        level=L3,
        items=(inv(residual=40.0),),
        totals={"EUR": 40.0},
        skip_reason=SKIP_BELOW_TOLERANCE,
    )


def test_credit_note_offsets_the_debt_whatever_its_due_date():
    credit = inv(key=2, due=60, residual=-30.0)
    decision = decide([inv(), credit], LEVELS, day(3))
    assert decision == Decision(level=L3, items=(inv(), credit), totals={"EUR": 70.0})


@pytest.mark.parametrize("credit_amount, total", [(-100.0, 0.0), (-150.0, -50.0)])
def test_debt_covered_by_credits_is_skipped(credit_amount, total):
    credit = inv(key=2, due=-10, residual=credit_amount)
    decision = decide([inv(), credit], LEVELS, day(3))
    assert decision == Decision(
        level=L3,
        items=(credit, inv()),
        totals={"EUR": total},
        skip_reason=SKIP_COVERED_BY_CREDITS,
    )


def test_excluded_credit_is_ignored():
    credit = inv(key=2, residual=-100.0, excluded=True)
    decision = decide([inv(), credit], LEVELS, day(3))
    assert decision == Decision(level=L3, items=(inv(),), totals={"EUR": 100.0})


def test_credit_does_not_drive_the_level():
    credit = inv(key=2, due=-100, residual=-10.0)
    decision = decide([inv(), credit], LEVELS, day(5))
    assert decision.level == L3
    assert decision.totals == {"EUR": 90.0}


def test_only_credits_left_gives_nothing_without_last():
    assert decide([inv(residual=-10.0)], LEVELS, day(30)) is None


def test_float_noise_counts_as_covered_by_credits():
    items = [inv(key=1, residual=0.1), inv(key=2, residual=0.2), inv(key=3, residual=-0.3)]
    decision = decide(items, LEVELS, day(3))
    assert decision.skip_reason == SKIP_COVERED_BY_CREDITS
    assert decision.totals == {"EUR": 0.0}


def test_totals_are_rounded():
    items = [inv(key=1, residual=0.1), inv(key=2, residual=0.2)]
    assert decide(items, LEVELS, day(3)).totals == {"EUR": 0.3}


# --- several currencies ---------------------------------------------------------


def test_totals_per_currency():
    items = [inv(key=1), inv(key=2, residual=50.0, currency="USD", company=45.0)]
    decision = decide(items, LEVELS, day(3))
    assert decision.level == L3
    assert decision.totals == {"EUR": 100.0, "USD": 50.0}
    assert decision.skip_reason == ""


@pytest.mark.parametrize(
    "min_amount, skip_reason",
    [
        (0.0, ""),
        (14.99, ""),
        (15.0, ""),
        (15.01, SKIP_BELOW_TOLERANCE),
        (20.0, SKIP_BELOW_TOLERANCE),
    ],
)
def test_tolerance_is_judged_in_company_currency(min_amount, skip_reason):
    items = [
        inv(key=1, residual=10.0),
        inv(key=2, residual=100.0, currency="USD", company=5.0),
    ]
    decision = decide(items, LEVELS, day(3), min_amount=min_amount)
    assert decision.totals == {"EUR": 10.0, "USD": 100.0}
    assert decision.skip_reason == skip_reason


@pytest.mark.parametrize(
    "credit_company, skip_reason",
    [(-90.0, ""), (-100.0, SKIP_COVERED_BY_CREDITS), (-110.0, SKIP_COVERED_BY_CREDITS)],
)
def test_credit_in_another_currency_offsets_in_company_currency(credit_company, skip_reason):
    credit = inv(key=2, residual=-100.0, currency="USD", company=credit_company)
    decision = decide([inv(), credit], LEVELS, day(3))
    assert decision.totals == {"EUR": 100.0, "USD": -100.0}
    assert decision.skip_reason == skip_reason


# --- excluded items ---------------------------------------------------------------


def test_excluded_item_neither_drives_nor_is_covered():
    disputed = inv(key=2, due=-40, excluded=True)
    decision = decide([inv(), disputed], LEVELS, day(5))
    assert decision == Decision(level=L3, items=(inv(),), totals={"EUR": 100.0})


@pytest.mark.parametrize("last", [None, sent_at(L30, 30)])
def test_only_excluded_debt_sends_nothing_and_blocks_reset(last):
    disputed = inv(excluded=True)
    for offset in (3, 31, 45, 100):
        assert decide([disputed], LEVELS, day(offset), last) is None


def test_excluded_upcoming_item_gets_no_pre_due_reminder():
    assert decide([inv(excluded=True)], LEVELS, day(-2)) is None


# --- reset ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items",
    [
        [],
        [inv(residual=0.0)],
        [inv(residual=-20.0)],
        [inv(due=50)],  # not yet due, outside the pre-due window
        [inv(due=42, level_sequence=PRE.sequence)],  # pre-due reminder already sent
        [inv(due=40, level_sequence=PRE.sequence)],  # due today: not late yet
    ],
)
def test_reset_when_no_overdue_item_is_left(items):
    assert decide(items, LEVELS, day(40), sent_at(L30, 30)) == Decision(reset=True)


def test_reset_comes_with_a_pre_due_reminder():
    upcoming = inv(key=2, due=42, residual=80.0)
    decision = decide([upcoming], LEVELS, day(40), sent_at(L30, 30))
    assert decision == Decision(
        level=PRE, items=(upcoming,), totals={"EUR": 80.0}, pre_due=True, reset=True
    )


def test_no_reset_without_last_reminder():
    assert decide([], LEVELS, day(40)) is None


def test_after_reset_the_next_debt_starts_from_the_first_level():
    # The +30 debt is paid (reset on day 40); a new invoice is due on day 50.
    sent, last, _items = run([inv(key=2, due=50)], 40, 200, last=sent_at(L30, 30))
    assert sent == [
        (47, -3, True),
        (53, 3, False),
        (65, 15, False),
        (80, 30, False),
        (95, 45, False),
        (110, 60, False),
    ]
    assert last == sent_at(L60, 110)


# --- pre-due ------------------------------------------------------------------------


def test_pre_due_only_once_per_item():
    for offset in (-3, -1, 0):
        assert decide([inv(level_sequence=PRE.sequence)], LEVELS, day(offset)) is None


def test_pre_due_covers_only_the_items_not_reminded_yet():
    reminded = inv(key=1, due=2, level_sequence=PRE.sequence)
    fresh = inv(key=2, due=3, residual=60.0)
    decision = decide([reminded, fresh], LEVELS, day(0))
    assert decision == Decision(level=PRE, items=(fresh,), totals={"EUR": 60.0}, pre_due=True)


@pytest.mark.parametrize(
    "due, included", [(2, True), (3, True), (4, False), (0, True), (-1, False)]
)
def test_pre_due_window(due, included):
    decision = decide([inv(due=due)], LEVELS, day(0))
    if included:
        assert decision.pre_due
        assert decision.items == (inv(due=due),)
    else:
        assert decision is None


def test_only_the_first_pre_due_level_is_used():
    early = Level(key=20, sequence=0, delay=-10)
    levels = (early, *LEVELS)
    sent, _last, _items = run([inv()], -20, 10, levels=levels)
    assert sent == [(-10, -10, True), (3, 3, False)]


def test_post_due_level_takes_precedence_over_pre_due():
    overdue = inv(key=1)
    upcoming = inv(key=2, due=5, residual=70.0)
    decision = decide([overdue, upcoming], LEVELS, day(3))
    assert decision == Decision(level=L3, items=(overdue,), totals={"EUR": 100.0})


def test_no_courtesy_note_while_a_chase_is_in_progress():
    # the customer was reminded and still owes: a "not a payment reminder" note about
    # its next invoice would contradict the chase; that invoice joins it once overdue
    overdue = inv(key=1, level_sequence=L3.sequence)
    upcoming = inv(key=2, due=12, residual=70.0)
    assert decide([overdue, upcoming], LEVELS, day(10), sent_at(L3, 3)) is None
    # not chased (never reminded, or everything overdue paid): the note goes out
    decision = decide([upcoming], LEVELS, day(10))
    assert decision == Decision(level=PRE, items=(upcoming,), totals={"EUR": 70.0}, pre_due=True)


@pytest.mark.parametrize(
    "credit, skip_reason",
    [(None, SKIP_BELOW_TOLERANCE), (inv(key=3, residual=-50.0), SKIP_COVERED_BY_CREDITS)],
)
def test_post_due_skip_blocks_the_pre_due_reminder(credit, skip_reason):
    overdue = inv(key=1, residual=5.0)
    upcoming = inv(key=2, due=5, residual=500.0)
    items = [overdue, upcoming] + ([credit] if credit else [])
    decision = decide(items, LEVELS, day(3), min_amount=20.0)
    assert decision.level == L3
    assert not decision.pre_due
    assert decision.skip_reason == skip_reason
    assert upcoming not in decision.items


@pytest.mark.parametrize(
    "min_amount, skip_reason", [(0.0, ""), (10.0, ""), (10.01, SKIP_BELOW_TOLERANCE)]
)
def test_pre_due_tolerance(min_amount, skip_reason):
    decision = decide([inv(residual=10.0)], LEVELS, day(-3), min_amount=min_amount)
    assert decision.level == PRE
    assert decision.pre_due
    assert decision.skip_reason == skip_reason


# --- tolerance ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "residual, min_amount, skip_reason",
    [
        (100.0, 0.0, ""),
        (0.01, 0.0, ""),
        (49.99, 50.0, SKIP_BELOW_TOLERANCE),
        (50.0, 50.0, ""),
        (50.01, 50.0, ""),
    ],
)
def test_post_due_tolerance(residual, min_amount, skip_reason):
    decision = decide([inv(residual=residual)], LEVELS, day(15), min_amount=min_amount)
    assert decision.level == L3
    assert decision.skip_reason == skip_reason


def test_skipped_level_is_decided_again_while_nothing_changes():
    item = inv(residual=10.0)
    sent, last, _items = run([item], 1, 100, min_amount=50.0)
    assert sent == []
    assert last is None
    assert decide([item], LEVELS, day(100), min_amount=50.0).skip_reason == SKIP_BELOW_TOLERANCE


# --- other level sets -------------------------------------------------------------------


def test_no_levels_gives_nothing():
    assert decide([inv()], (), day(10)) is None
    assert decide([inv()], (), day(10), sent_at(L3, 3)) is None
    assert decide([], (), day(10), sent_at(L3, 3)) == Decision(reset=True)


def test_post_due_levels_only():
    assert decide([inv()], POST, day(-2)) is None
    assert decide([inv()], POST, day(3)).level == L3


def test_level_with_zero_delay_fires_the_first_day_late():
    zero = Level(key=30, sequence=1, delay=0)
    ten = Level(key=31, sequence=2, delay=10)
    assert decide([inv()], (zero, ten), day(0)) is None
    assert decide([inv()], (zero, ten), day(1)).level == zero
    sent, _last, _items = run([inv()], -5, 40, levels=(zero, ten))
    assert sent == [(1, 0, False), (11, 10, False)]


# --- next_level_date --------------------------------------------------------------------


@pytest.mark.parametrize(
    "items, today, last, min_amount, expected",
    [
        ([inv()], -10, None, 0.0, -3),
        ([inv()], -3, None, 0.0, -2),  # nothing recorded: still due tomorrow
        ([inv(level_sequence=PRE.sequence)], -3, None, 0.0, 3),
        ([inv(level_sequence=L3.sequence)], 3, sent_at(L3, 3), 0.0, 15),
        ([inv(level_sequence=L3.sequence)], 20, sent_at(L3, 20), 0.0, 32),
        ([inv(level_sequence=L30.sequence)], 40, sent_at(L30, 40), 0.0, 55),
        ([inv(key=2, due=25)], 30, sent_at(L30, 30), 0.0, 55),
        ([inv(level_sequence=L60.sequence)], 60, sent_at(L60, 60), 0.0, None),
        ([inv(), inv(key=2, residual=-100.0)], 5, None, 0.0, None),
        ([inv(excluded=True)], 5, None, 0.0, None),
        ([inv(residual=10.0)], -10, None, 50.0, None),
        ([inv(residual=10.0)], -10, None, 10.0, -3),
        ([], 0, sent_at(L30, -5), 0.0, None),
    ],
)
def test_next_level_date_values(items, today, last, min_amount, expected):
    result = next_level_date(items, LEVELS, day(today), last, min_amount)
    assert result == (None if expected is None else day(expected))


SCENARIOS = {
    "fresh": ([inv()], None),
    "pre_due_sent": ([inv(level_sequence=PRE.sequence)], None),
    "at_3_on_time": ([inv(level_sequence=L3.sequence)], sent_at(L3, 3)),
    "at_3_late": ([inv(level_sequence=L3.sequence)], sent_at(L3, 20)),
    "at_30_late": ([inv(level_sequence=L30.sequence)], sent_at(L30, 40)),
    "younger_debt": ([inv(key=2, due=25)], sent_at(L30, 30)),
    "new_older_item": (
        [inv(key=1, level_sequence=L15.sequence), inv(key=2, due=-1)],
        sent_at(L15, 15),
    ),
    "several_items": (
        [inv(key=1, due=-5), inv(key=2, due=12), inv(key=3, due=40, currency="USD", company=90.0)],
        None,
    ),
    "partial_credit": ([inv(), inv(key=2, residual=-60.0)], None),
    "covered": ([inv(), inv(key=2, residual=-100.0)], None),
    "excluded_oldest": ([inv(key=1, due=-30, excluded=True), inv(key=2, due=10)], None),
    "pre_due_blocked": ([inv(key=1, residual=5.0), inv(key=2, due=20)], None),
}


@pytest.mark.parametrize("min_amount", [0.0, 50.0])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_next_level_date_matches_a_day_by_day_scan(name, min_amount):
    items, last = SCENARIOS[name]
    first, horizon = -30, 600
    fire_days = [
        offset
        for offset in range(first, horizon)
        if fires(decide(items, LEVELS, day(offset), last, min_amount))
    ]
    for today in range(first - 1, 160):
        expected = next((offset for offset in fire_days if offset > today), None)
        result = next_level_date(items, LEVELS, day(today), last, min_amount)
        assert result == (None if expected is None else day(expected)), today


# --- escalation after a broken promise ------------------------------------------------


def test_escalation_sends_the_next_level_before_its_delay_and_spacing():
    item = inv(level_sequence=L3.sequence)
    last = sent_at(L3, 3)
    assert decide([item], LEVELS, day(10), last) is None, "L15 waits for its delay"
    decision = decide([item], LEVELS, day(10), last, escalate=True)
    assert decision.level == L15
    assert decision.items == (item,)
    assert not decision.skip_reason


@pytest.mark.parametrize("sent_offset", [3, 9])  # on time, or just before the escalation
def test_escalation_ignores_the_spacing_since_the_last_reminder(sent_offset):
    last = sent_at(L15, sent_offset + 12)
    item = inv(level_sequence=L15.sequence)
    assert decide([item], LEVELS, day(sent_offset + 13), last) is None
    assert decide([item], LEVELS, day(sent_offset + 13), last, escalate=True).level == L30


@pytest.mark.parametrize("offset", [1, 2])
def test_escalation_of_a_customer_never_reminded_starts_as_soon_as_it_is_late(offset):
    item = inv(level_sequence=PRE.sequence)
    assert decide([item], LEVELS, day(offset)) is None
    assert decide([item], LEVELS, day(offset), escalate=True).level == L3


def test_escalation_of_a_customer_never_reminded_skips_levels_already_sent():
    # the invoice was covered by L3 but the customer's level was reset meanwhile
    item = inv(level_sequence=L3.sequence)
    assert decide([item], LEVELS, day(5), escalate=True).level == L15


@pytest.mark.parametrize("offset", [-1, 0])
def test_escalation_needs_something_overdue(offset):
    item = inv(level_sequence=PRE.sequence)
    assert decide([item], LEVELS, day(offset), escalate=True) is None
    assert decide([item], LEVELS, day(offset), sent_at(L3, -20), escalate=True).reset


def test_escalation_ignores_excluded_debt():
    item = inv(level_sequence=L3.sequence, excluded=True)
    assert decide([item], LEVELS, day(10), sent_at(L3, 3), escalate=True) is None


def test_escalation_at_the_last_level_changes_nothing():
    item = inv(level_sequence=L60.sequence)
    last = sent_at(L60, 60)
    for offset in (61, 70):
        assert decide([item], LEVELS, day(offset), last, escalate=True) == decide(
            [item], LEVELS, day(offset), last
        )


def test_escalation_never_lowers_what_the_age_of_the_debt_calls_for():
    item = inv(level_sequence=L3.sequence)
    last = sent_at(L3, 3)
    assert decide([item], LEVELS, day(50), last, jump=True, escalate=True).level == L45
    assert decide([item], LEVELS, day(50), last, escalate=True).level == L15


def test_escalation_does_not_resend_a_level_to_items_it_covered():
    item = inv(level_sequence=L15.sequence)
    assert decide([item], LEVELS, day(10), sent_at(L3, 3), escalate=True) is None


def test_after_an_escalation_the_next_level_keeps_its_spacing():
    items = [inv(level_sequence=L3.sequence)]
    decision = decide(items, LEVELS, day(10), sent_at(L3, 3), escalate=True)
    assert decision.level == L15
    covered = [replace(item, level_sequence=L15.sequence) for item in items]
    # L30 waits for its own delay (day 30) and its spacing after L15 (day 25)
    assert next_level_date(covered, LEVELS, day(10), sent_at(L15, 10)) == day(30)
    assert next_level_date(covered, LEVELS, day(20), sent_at(L15, 20)) == day(35)


def test_next_level_date_while_escalating_is_tomorrow():
    items = [inv(level_sequence=L3.sequence)]
    last = sent_at(L3, 3)
    assert next_level_date(items, LEVELS, day(10), last) == day(15)
    assert next_level_date(items, LEVELS, day(10), last, escalate=True) == day(11)
    fresh = [inv(level_sequence=PRE.sequence)]
    assert next_level_date(fresh, LEVELS, day(-5), escalate=True) == day(1)
