# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Payment plan schedules: splitting a debt into instalments, and where payments go.

Amounts are worked in ``Decimal`` at the currency's number of decimal places, so
that the instalments always sum exactly to the total.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

FREQUENCIES = ("weekly", "monthly", "quarterly")

PLAN_ACTIVE = "active"
PLAN_DONE = "done"
PLAN_BREACHED = "breached"


@dataclass(frozen=True)
class PlanOutcome:
    """What a night decides for an active plan: ``state`` is one of ``PLAN_*``;
    ``late_index`` is the position, in date order, of the first instalment past
    its grace when breached, else None."""

    state: str
    late_index: int | None = None


def _quantum(digits: int) -> Decimal:
    if digits < 0:
        raise ValueError("The number of decimal places cannot be negative.")
    return Decimal(1).scaleb(-digits)


def _decimal(value: float, digits: int) -> Decimal:
    # the shortest repr: 0.1 is read as 0.1, not as its binary neighbour
    return Decimal(repr(value)).quantize(_quantum(digits), rounding=ROUND_HALF_UP)


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` later, on the same day of the month, or on the
    month's last day when it is shorter (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def instalment_date(first_date: date, index: int, frequency: str) -> date:
    """The date of instalment ``index`` (0 = the first), always counted from
    ``first_date`` so that a short month never shifts the following ones."""
    if frequency == "weekly":
        return first_date + timedelta(weeks=index)
    if frequency == "monthly":
        return add_months(first_date, index)
    if frequency == "quarterly":
        return add_months(first_date, 3 * index)
    raise ValueError(f"Unknown instalment frequency {frequency!r}: expected one of {FREQUENCIES}.")


def split_instalments(
    total: float, count: int, first_date: date, frequency: str, digits: int = 2
) -> list[tuple[date, float]]:
    """Split ``total`` into ``count`` instalments ``(date, amount)``, the first on
    ``first_date``, then every week, month or quarter (``frequency``).

    Every instalment but the last is ``total / count`` rounded down to ``digits``
    decimal places; the last absorbs the remainder, so the amounts sum exactly to
    ``total`` (rounded to ``digits``) and none is smaller than the others.
    """
    if frequency not in FREQUENCIES:
        raise ValueError(
            f"Unknown instalment frequency {frequency!r}: expected one of {FREQUENCIES}."
        )
    if not isinstance(count, int) or count < 1:
        raise ValueError("A payment plan needs at least one instalment.")
    quantum = _quantum(digits)
    amount = _decimal(total, digits)
    if amount <= 0:
        raise ValueError("The total of a payment plan must be positive.")
    if amount < quantum * count:
        raise ValueError(
            f"{amount} cannot be split into {count} instalments of at least {quantum}."
        )
    share = (amount / count).quantize(quantum, rounding=ROUND_DOWN)
    amounts = [share] * (count - 1) + [amount - share * (count - 1)]
    return [
        (instalment_date(first_date, index, frequency), float(value))
        for index, value in enumerate(amounts)
    ]


def allocate(paid: float, instalment_amounts, digits: int = 2) -> list[float]:
    """The part of ``paid`` that goes to each instalment, in the order given (the
    instalments' date order): each is filled before the next. What exceeds the
    instalments' sum is not allocated."""
    if paid < 0:
        raise ValueError("The amount paid cannot be negative.")
    left = _decimal(paid, digits)
    allocated = []
    for value in instalment_amounts:
        due = _decimal(value, digits)
        if due < 0:
            raise ValueError("An instalment amount cannot be negative.")
        part = min(left, due)
        allocated.append(float(part))
        left -= part
    return allocated


def plan_outcome(
    instalments, paid: float, today: date, grace_days: int, digits: int = 2
) -> PlanOutcome:
    """What ``today`` decides for an active plan of ``instalments`` ``(date, amount)``
    on which ``paid`` has been paid so far.

    Done when every instalment is paid; breached when one is still not fully paid
    more than ``grace_days`` after its date; active otherwise.
    """
    if grace_days < 0:
        raise ValueError("The grace period cannot be negative.")
    if not instalments:
        raise ValueError("A payment plan needs at least one instalment.")
    ordered = sorted(instalments, key=lambda instalment: instalment[0])
    parts = allocate(paid, [amount for _day, amount in ordered], digits)
    lefts = [
        _decimal(amount, digits) - _decimal(part, digits)
        for (_day, amount), part in zip(ordered, parts, strict=True)
    ]
    for index, ((day, _amount), left) in enumerate(zip(ordered, lefts, strict=True)):
        if left > 0 and today > day + timedelta(days=grace_days):
            return PlanOutcome(PLAN_BREACHED, index)
    if not any(left > 0 for left in lefts):
        return PlanOutcome(PLAN_DONE)
    return PlanOutcome(PLAN_ACTIVE)
