# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Late payment interest and the fixed recovery indemnity."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

RECOVERY_INDEMNITY_EUR = 40.0


def round_amount(value: float, digits: int = 2) -> float:
    """Round a monetary amount to ``digits`` decimals (the cent), half away from zero.

    ``round()`` rounds half to even on the binary value (``round(2.675, 2) == 2.67``);
    going through the shortest decimal repr gives what an accountant expects.
    """
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(rounded) + 0.0  # + 0.0 turns -0.0 into 0.0


def late_interest(
    residual: float, due_date: date, today: date, annual_rate: float, digits: int = 2
) -> float:
    """Simple interest owed on ``residual`` for the days elapsed since ``due_date``.

    ``annual_rate`` is a percentage (``10.0`` for 10 % a year), on a 365-day year,
    even in a leap year; the result is rounded to ``digits`` decimals.
    """
    if annual_rate < 0:
        raise ValueError("The annual interest rate cannot be negative.")
    days = (today - due_date).days
    if days <= 0 or residual <= 0:
        return 0.0
    return round_amount(residual * annual_rate / 100.0 * days / 365.0, digits)


def recovery_indemnity(
    late_item_count: int,
    *,
    b2b: bool = True,
    insolvent: bool = False,
    amount: float = RECOVERY_INDEMNITY_EUR,
) -> float:
    """Fixed recovery indemnity (French Code de commerce L441-10 and D441-5).

    Owed once per late invoice, between professionals only, and not by a debtor
    in insolvency proceedings. It is outside the scope of VAT: no tax is added.
    """
    if late_item_count < 0:
        raise ValueError("The number of late invoices cannot be negative.")
    if amount < 0:
        raise ValueError("The recovery indemnity cannot be negative.")
    if not b2b or insolvent or not late_item_count:
        return 0.0
    return round_amount(late_item_count * amount)
