# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a reminder claims: late interest per line, totals per currency, the fixed
recovery indemnity and the amount due.

One function, ``claim``, used by the formal notice (what the letter and the email
say) and by "Charge penalties" (what the penalty invoice bills), so that the rule
exists once. French law (Code de commerce L441-10 and D441-5):

- late interest is simple interest on the amount still due, from the day after the
  due date, on a 365-day year;
- the fixed recovery indemnity (40 EUR) is owed once per late invoice, between
  professionals only, outside the scope of VAT;
- neither is owed by a debtor in insolvency proceedings.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .interest import RECOVERY_INDEMNITY_EUR, late_interest, round_amount

INDEMNITY_CURRENCY = "EUR"


@dataclass(frozen=True)
class ClaimLine:
    """One open receivable line of the customer.

    ``invoice``: the invoice the line belongs to (an invoice with a payment schedule
    has several lines; the indemnity is owed once per invoice); ``key`` when empty.
    ``indemnity_done``: the indemnity of that invoice was already claimed or charged.
    ``interest_until``: the interest was already charged up to that day (included).
    ``penalties``: False for a line that bears no penalty (a penalty invoice itself).
    ``digits``: decimals of the currency.
    """

    key: Hashable
    due_date: date
    residual: float
    currency: str
    invoice: Hashable = None
    indemnity_done: bool = False
    interest_until: date | None = None
    penalties: bool = True
    digits: int = 2

    @property
    def invoice_key(self):
        return self.key if self.invoice is None else self.invoice


@dataclass(frozen=True)
class LineClaim:
    """What is claimed on one line. ``interest_from``/``interest_to``: the days the
    interest runs (both included), empty when there is none; ``indemnity`` (in EUR)
    sits on the first late line of its invoice."""

    key: Hashable
    invoice: Hashable
    currency: str
    residual: float
    days_late: int
    interest_from: date | None
    interest_to: date | None
    interest_days: int
    interest: float
    indemnity: float


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    residual: float
    interest: float
    total: float


@dataclass(frozen=True)
class Claim:
    """The whole claim. ``indemnity`` is in EUR, for ``indemnity_invoices``;
    ``amount_due`` is ``{currency: residual + interest (+ the indemnity in EUR)}``."""

    notice_date: date
    annual_rate: float
    lines: tuple[LineClaim, ...]
    totals: tuple[CurrencyTotal, ...]
    indemnity: float
    indemnity_invoices: tuple[Hashable, ...]
    amount_due: dict

    @property
    def interest(self):
        """Interest per currency, for the currencies that bear some."""
        return {total.currency: total.interest for total in self.totals if total.interest}

    @property
    def has_penalties(self):
        return bool(self.indemnity or self.interest)


def claim(
    lines: Sequence[ClaimLine],
    notice_date: date,
    *,
    annual_rate: float,
    b2b: bool,
    insolvent: bool = False,
    claim_interest: bool = True,
    claim_indemnity: bool = True,
    indemnity_amount: float = RECOVERY_INDEMNITY_EUR,
) -> Claim:
    """What a reminder dated ``notice_date`` claims for ``lines``.

    ``annual_rate`` is a percentage (``12.15`` for 12.15 % a year). ``b2b``: the
    customer is a professional (only they owe the indemnity). ``insolvent``: the
    customer is in insolvency proceedings (owes neither). ``claim_interest`` and
    ``claim_indemnity`` say what this reminder claims at all.
    """
    if annual_rate < 0:
        raise ValueError("The annual interest rate cannot be negative.")
    if indemnity_amount < 0:
        raise ValueError("The recovery indemnity cannot be negative.")
    claim_interest = claim_interest and not insolvent
    claim_indemnity = claim_indemnity and b2b and not insolvent
    results, indemnity_invoices = [], []
    seen_invoices = set()
    for line in lines:
        days_late = max((notice_date - line.due_date).days, 0)
        late = line.penalties and line.residual > 0 and days_late > 0
        start = line.due_date
        if line.interest_until and line.interest_until > start:
            start = line.interest_until
        interest_days = max((notice_date - start).days, 0) if late and claim_interest else 0
        interest = 0.0
        if interest_days:
            interest = late_interest(line.residual, start, notice_date, annual_rate, line.digits)
        indemnity = 0.0
        invoice = line.invoice_key
        if (
            late
            and claim_indemnity
            and not line.indemnity_done
            and invoice not in seen_invoices
            and indemnity_amount
        ):
            indemnity = round_amount(indemnity_amount)
            indemnity_invoices.append(invoice)
        if late:
            seen_invoices.add(invoice)
        results.append(
            LineClaim(
                key=line.key,
                invoice=invoice,
                currency=line.currency,
                residual=line.residual,
                days_late=days_late,
                interest_from=start + timedelta(days=1) if interest else None,
                interest_to=notice_date if interest else None,
                interest_days=interest_days if interest else 0,
                interest=interest,
                indemnity=indemnity,
            )
        )
    totals = _totals(lines, results)
    indemnity = round_amount(indemnity_amount * len(indemnity_invoices))
    amount_due = {total.currency: total.total for total in totals}
    if indemnity:
        amount_due[INDEMNITY_CURRENCY] = round_amount(
            amount_due.get(INDEMNITY_CURRENCY, 0.0) + indemnity
        )
    return Claim(
        notice_date=notice_date,
        annual_rate=annual_rate,
        lines=tuple(results),
        totals=totals,
        indemnity=indemnity,
        indemnity_invoices=tuple(indemnity_invoices),
        amount_due=amount_due,
    )


def _totals(lines, results):
    """Per currency, in the order the currencies first appear."""
    sums, digits = {}, {}
    for line, result in zip(lines, results, strict=True):
        residual, interest = sums.get(line.currency, (0.0, 0.0))
        sums[line.currency] = (residual + line.residual, interest + result.interest)
        digits[line.currency] = line.digits
    return tuple(
        CurrencyTotal(
            currency=currency,
            residual=round_amount(residual, digits[currency]),
            interest=round_amount(interest, digits[currency]),
            total=round_amount(residual + interest, digits[currency]),
        )
        for currency, (residual, interest) in sums.items()
    )
