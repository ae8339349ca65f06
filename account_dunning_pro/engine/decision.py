# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which reminder a customer is due for today.

Everything here is a pure function of plain values: the processor service turns
the returned ``Decision`` into mails, events and level moves.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from .interest import round_amount

SKIP_BELOW_TOLERANCE = "below_tolerance"
SKIP_COVERED_BY_CREDITS = "covered_by_credits"


@dataclass(frozen=True)
class Item:
    """One open receivable document of the customer."""

    key: int  # the processor passes the receivable journal item (account.move.line) id
    due_date: date
    residual: float  # document currency; negative = credit (credit note, unapplied payment)
    currency: str  # ISO code
    residual_company: float  # same open amount in the company currency
    excluded: bool = False  # no_followup / disputed / in a payment plan / promised
    level_sequence: int | None = None  # highest level that already covered it; None = never


@dataclass(frozen=True)
class Level:
    key: int
    sequence: int
    delay: int  # days after the due date; negative = before it (pre-due)


@dataclass(frozen=True)
class LastReminder:
    """The customer's current post-due level and the day it was sent."""

    level: Level
    date: date


@dataclass(frozen=True)
class Decision:
    level: Level | None = None
    items: tuple[Item, ...] = ()
    totals: dict[str, float] = field(default_factory=dict)
    pre_due: bool = False
    reset: bool = False
    skip_reason: str = ""


def days_late(item: Item, today: date) -> int:
    """Days elapsed since the due date, 0 when not yet due."""
    return max(0, (today - item.due_date).days)


def _is_overdue(item: Item, today: date) -> bool:
    return item.residual > 0 and item.due_date < today


def _never_covered_by(item: Item, level: Level) -> bool:
    return item.level_sequence is None or item.level_sequence < level.sequence


def _ordered_levels(levels) -> list[Level]:
    ordered = sorted(levels, key=lambda level: level.sequence)
    for previous, level in pairwise(ordered):
        if previous.sequence == level.sequence:
            raise ValueError(f"Two dunning levels share the sequence {level.sequence}.")
        if level.delay <= previous.delay:
            raise ValueError(
                f"Dunning level delays must increase with the sequence: level "
                f"{level.sequence} has delay {level.delay}, level {previous.sequence} "
                f"has delay {previous.delay}."
            )
    return ordered


def _check_arguments(levels, last: LastReminder | None, min_amount: float) -> list[Level]:
    if min_amount < 0:
        raise ValueError("The minimum amount cannot be negative.")
    if last is not None and last.level.delay < 0:
        raise ValueError("The last reminder must be at a post-due level.")
    return _ordered_levels(levels)


def _totals(items) -> dict[str, float]:
    totals: dict[str, float] = {}
    for item in items:
        totals[item.currency] = totals.get(item.currency, 0.0) + item.residual
    return {currency: round_amount(total) for currency, total in totals.items()}


def _post_due_skip(items, min_amount: float) -> str:
    # Rounded so that float noise (0.1 + 0.2 - 0.3) reads as fully covered.
    total = round_amount(sum(item.residual_company for item in items))
    if total <= 0:
        return SKIP_COVERED_BY_CREDITS
    if total < min_amount:
        return SKIP_BELOW_TOLERANCE
    return ""


def _escalated_level(
    post_levels: list[Level], debts: list[Item], last: LastReminder | None
) -> Level | None:
    """The level an escalation sends at once: the one after the current level, or,
    for a customer never reminded, the first level with something new to say."""
    if last is None:
        following = [lv for lv in post_levels if any(_never_covered_by(i, lv) for i in debts)]
    else:
        following = [lv for lv in post_levels if lv.sequence > last.level.sequence]
    return following[0] if following else None


def _post_due_level(
    post_levels: list[Level],
    debts: list[Item],
    today: date,
    last: LastReminder | None,
    jump: bool,
    escalate: bool = False,
) -> Level | None:
    """The post-due level to send for ``debts`` (overdue, non-excluded items), if any.

    Without ``jump`` the chase climbs one level at a time: a customer never
    reminded starts at the first post-due level, and each next level waits for
    its spacing. With ``jump`` it goes straight to the highest level the age of
    the debt (and the spacing since the last reminder) allows. With ``escalate``
    (a broken promise) the next level goes out at once, without waiting for its
    delay or spacing, unless the age of the debt already calls for a higher one.
    """
    if not debts:
        return None
    chosen = _level_by_age(post_levels, debts, today, last, jump)
    if escalate:
        forced = _escalated_level(post_levels, debts, last)
        if forced is not None and (chosen is None or forced.sequence > chosen.sequence):
            chosen = forced
    # Never the same level twice for the same items.
    if chosen is None or not any(_never_covered_by(item, chosen) for item in debts):
        return None
    return chosen


def _level_by_age(
    post_levels: list[Level],
    debts: list[Item],
    today: date,
    last: LastReminder | None,
    jump: bool,
) -> Level | None:
    """The level the age of the debt and the spacing since ``last`` call for."""
    oldest_due = min(item.due_date for item in debts)
    late = (today - oldest_due).days
    eligible = [level for level in post_levels if level.delay <= late]
    if not eligible:
        return None
    pick = -1 if jump else 0
    if last is None:
        # climbing: the first level that still has something to say about these debts
        fresh = [lv for lv in eligible if any(_never_covered_by(i, lv) for i in debts)]
        chosen = eligible[-1] if jump or not fresh else fresh[0]
    else:
        elapsed = (today - last.date).days
        candidates = [
            level
            for level in eligible
            if level.sequence > last.level.sequence and elapsed >= level.delay - last.level.delay
        ]
        # Several items may share the oldest due date: any of them not yet
        # covered by the current level lets it fire again.
        drivers = [item for item in debts if item.due_date == oldest_due]
        if candidates:
            chosen = candidates[pick]
        elif (
            eligible[-1].sequence == last.level.sequence
            and elapsed >= 1
            and any(_never_covered_by(item, eligible[-1]) for item in drivers)
        ):
            chosen = eligible[-1]
        else:
            return None
    return chosen


def _pre_due_decision(
    pre_level: Level, items: list[Item], today: date, min_amount: float, reset: bool
) -> Decision | None:
    upcoming = tuple(
        item
        for item in items
        if not item.excluded
        and item.residual > 0
        and item.due_date >= today
        and item.level_sequence is None
        and today >= item.due_date + timedelta(days=pre_level.delay)
    )
    if not upcoming:
        return None
    total = round_amount(sum(item.residual_company for item in upcoming))
    return Decision(
        level=pre_level,
        items=upcoming,
        totals=_totals(upcoming),
        pre_due=True,
        reset=reset,
        skip_reason=SKIP_BELOW_TOLERANCE if total < min_amount else "",
    )


def decide(
    items,
    levels,
    today: date,
    last: LastReminder | None = None,
    min_amount: float = 0.0,
    jump: bool = False,
    escalate: bool = False,
) -> Decision | None:
    """Decide which reminder, if any, the customer should get today.

    ``items`` are the customer's open receivables, ``levels`` the policy's levels
    (any order), ``last`` the current post-due level, ``min_amount`` the tolerance
    in the company currency (0 disables it), ``jump`` whether the chase may skip
    levels to reach the one the debt's age calls for, ``escalate`` whether the
    next level goes out at once whatever its delay and spacing (after a broken
    promise; a customer never reminded gets the first post-due level as soon as
    something is overdue). Returns None when there is
    nothing to do. A decision with a ``skip_reason`` names a level that was due
    but must not be sent.
    """
    ordered = _check_arguments(levels, last, min_amount)
    items = sorted(items, key=lambda item: (item.due_date, item.key))
    overdue = [item for item in items if _is_overdue(item, today)]
    # Excluded items are still open debt: they keep the level from being reset.
    reset = last is not None and not overdue

    debts = [item for item in overdue if not item.excluded]
    post_levels = [level for level in ordered if level.delay >= 0]
    level = _post_due_level(post_levels, debts, today, last, jump, escalate)
    if level is not None:
        covered = tuple(
            item
            for item in items
            if not item.excluded and (item.residual < 0 or _is_overdue(item, today))
        )
        return Decision(
            level=level,
            items=covered,
            totals=_totals(covered),
            skip_reason=_post_due_skip(covered, min_amount),
        )

    pre_levels = [level for level in ordered if level.delay < 0]
    # A courtesy note before the due date is for customers not being chased: one
    # whose chase is in progress hears about the new invoice once it is overdue.
    if pre_levels and (last is None or reset):
        decision = _pre_due_decision(pre_levels[0], items, today, min_amount, reset)
        if decision is not None:
            return decision
    if reset:
        return Decision(reset=True)
    return None


def next_level_date(
    items,
    levels,
    today: date,
    last: LastReminder | None = None,
    min_amount: float = 0.0,
    jump: bool = False,
    escalate: bool = False,
) -> date | None:
    """The first day after ``today`` on which ``decide`` would send a reminder.

    Assumes nothing is paid or sent meanwhile (same items, same ``last``). A
    skipped level does not count as sent. None when no such day exists.
    """
    ordered = _check_arguments(levels, last, min_amount)
    items = list(items)
    # decide() depends on the day only through comparisons with these dates, so
    # its answer is constant between two of them: checking them is enough.
    tomorrow = today + timedelta(days=1)
    days = {tomorrow}
    for item in items:
        days.add(item.due_date + timedelta(days=1))
        days.update(item.due_date + timedelta(days=level.delay) for level in ordered)
    if last is not None:
        days.add(last.date + timedelta(days=1))
        days.update(last.date + timedelta(days=level.delay - last.level.delay) for level in ordered)
    for day in sorted(day for day in days if day >= tomorrow):
        decision = decide(items, ordered, day, last, min_amount, jump, escalate)
        if decision is not None and decision.level is not None and not decision.skip_reason:
            return day
    return None
