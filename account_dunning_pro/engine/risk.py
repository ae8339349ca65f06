# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer payment risk: a 0..100 score from a year of payment behaviour.

The score is a weighted sum of four inputs, each scaled to 0..1 first:

====================================  ======  =====================================
input                                 weight  reaches its full weight at
====================================  ======  =====================================
amount-weighted average days late     40      ``FULL_DAYS_LATE`` (60) days late
share of invoices paid late           20      every invoice paid late
overdue share of the open balance     25      the whole open balance overdue
promises broken + plans breached      15      ``FULL_INCIDENTS`` (2) in the year
====================================  ======  =====================================

0 pays on time, 100 pays very late and breaks its word. The aggregates come from
the database (the risk profile's nightly rescoring); ``risk_score`` only does the
arithmetic, and ``range_for`` picks the profile whose score range holds it.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

WINDOW_DAYS = 365
FULL_DAYS_LATE = 60.0
FULL_INCIDENTS = 2
WEIGHT_DAYS_LATE = 40.0
WEIGHT_LATE_SHARE = 20.0
WEIGHT_OVERDUE_SHARE = 25.0
WEIGHT_INCIDENTS = 15.0
MAX_SCORE = 100.0


def window_start(today: date) -> date:
    """First day of the period the score looks at (the last 12 months)."""
    return today - timedelta(days=WINDOW_DAYS)


def _share(part: float, whole: float) -> float:
    if whole <= 0:
        return 0.0
    return min(1.0, max(0.0, part / whole))


@dataclass(frozen=True)
class RiskInputs:
    """A customer's payment behaviour over the window, for one company."""

    avg_days_late: float = 0.0  # amount-weighted average days paid after the due date
    late_share: float = 0.0  # invoices paid late / invoices paid (0..1)
    overdue_share: float = 0.0  # overdue / open balance today (0..1)
    incidents: int = 0  # promises broken + payment plans breached

    def __post_init__(self):
        for name in ("avg_days_late", "late_share", "overdue_share"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number, not {value!r}.")
            if math.isnan(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, not {value!r}.")
        for name in ("late_share", "overdue_share"):
            if getattr(self, name) > 1:
                raise ValueError(f"{name} is a share: between 0 and 1, not {getattr(self, name)}.")
        if isinstance(self.incidents, bool) or not isinstance(self.incidents, int):
            raise ValueError(f"incidents must be a whole number, not {self.incidents!r}.")
        if self.incidents < 0:
            raise ValueError(f"incidents cannot be negative ({self.incidents}).")

    @classmethod
    def from_totals(
        cls,
        *,
        weighted_days: float = 0.0,
        paid_amount: float = 0.0,
        paid_count: int = 0,
        paid_late_count: int = 0,
        open_amount: float = 0.0,
        overdue_amount: float = 0.0,
        incidents: int = 0,
    ) -> "RiskInputs":
        """The inputs from the sums a set-based query returns.

        ``weighted_days`` is the sum of amount paid x days late, ``paid_amount`` the
        sum of amounts paid; the counts are invoices (instalments) paid in the window.
        Empty totals give the inputs of a customer with no history: a score of 0.
        """
        return cls(
            avg_days_late=max(0.0, weighted_days / paid_amount) if paid_amount > 0 else 0.0,
            late_share=_share(paid_late_count, paid_count),
            overdue_share=_share(overdue_amount, open_amount),
            incidents=max(0, int(incidents)),
        )


def score_terms(inputs: RiskInputs) -> dict[str, float]:
    """The points each input adds to the score, by input name (``days_late``,
    ``late_share``, ``overdue_share``, ``incidents``): what ``risk_score`` sums."""
    return {
        "days_late": WEIGHT_DAYS_LATE * min(1.0, inputs.avg_days_late / FULL_DAYS_LATE),
        "late_share": WEIGHT_LATE_SHARE * inputs.late_share,
        "overdue_share": WEIGHT_OVERDUE_SHARE * inputs.overdue_share,
        "incidents": WEIGHT_INCIDENTS * min(1.0, inputs.incidents / FULL_INCIDENTS),
    }


def risk_score(inputs: RiskInputs) -> float:
    """The 0..100 score of ``inputs``, rounded to one decimal."""
    score = sum(score_terms(inputs).values())
    return round(min(MAX_SCORE, max(0.0, score)), 1)


@dataclass(frozen=True)
class ScoreRange:
    """The scores a risk profile covers: from ``score_min`` (included) to
    ``score_max`` (excluded, but a range ending at 100 includes 100)."""

    key: int
    score_min: float
    score_max: float

    def __post_init__(self):
        if not 0 <= self.score_min < self.score_max <= MAX_SCORE:
            raise ValueError(
                f"A score range lies within 0..100 with its minimum below its maximum "
                f"({self.score_min}..{self.score_max})."
            )

    def contains(self, score: float) -> bool:
        if self.score_min <= score < self.score_max:
            return True
        return self.score_max == MAX_SCORE and score == MAX_SCORE

    def overlaps(self, other: "ScoreRange") -> bool:
        return self.score_min < other.score_max and other.score_min < self.score_max


def overlapping(ranges) -> tuple[int, int] | None:
    """The keys of the first two ranges that overlap, or ``None``."""
    ranges = sorted(ranges, key=lambda r: (r.score_min, r.score_max, r.key))
    for index, current in enumerate(ranges):
        for following in ranges[index + 1 :]:
            if current.overlaps(following):
                return current.key, following.key
    return None


def range_for(score: float, ranges):
    """The key of the range holding ``score``, or ``None`` when none does."""
    if not 0 <= score <= MAX_SCORE:
        raise ValueError(f"A risk score lies within 0..100, not {score}.")
    for score_range in sorted(ranges, key=lambda r: (r.score_min, r.key)):
        if score_range.contains(score):
            return score_range.key
    return None
