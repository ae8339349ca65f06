# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

import pytest

from account_dunning_pro.engine.claim import ClaimLine, CurrencyTotal, claim

NOTICE = date(2026, 4, 16)


def line(key, days_late, residual=1000.0, currency="EUR", **kwargs):
    """A line due ``days_late`` days before the notice."""
    return ClaimLine(
        key=key,
        due_date=NOTICE - timedelta(days=days_late),
        residual=residual,
        currency=currency,
        **kwargs,
    )


def run(lines, rate=12.15, b2b=True, **kwargs):
    return claim(lines, NOTICE, annual_rate=rate, b2b=b2b, **kwargs)


def test_interest_and_indemnity_to_the_cent():
    result = run([line(1, 45)])
    [claimed] = result.lines
    # 1000 x 12.15 % x 45 / 365 = 14.979...
    assert claimed.interest == 14.98
    assert claimed.interest_days == 45
    assert claimed.days_late == 45
    assert claimed.interest_from == date(2026, 3, 3), "from the day after the due date"
    assert claimed.interest_to == NOTICE
    assert claimed.indemnity == 40.0
    assert result.indemnity == 40.0
    assert result.indemnity_invoices == (1,)
    assert result.totals == (CurrencyTotal("EUR", 1000.0, 14.98, 1014.98),)
    assert result.amount_due == {"EUR": 1054.98}
    assert result.interest == {"EUR": 14.98}
    assert result.has_penalties


def test_due_today_is_not_late():
    result = run([line(1, 0)])
    [claimed] = result.lines
    assert (claimed.interest, claimed.indemnity, claimed.days_late) == (0.0, 0.0, 0)
    assert claimed.interest_from is None
    assert result.amount_due == {"EUR": 1000.0}
    assert not result.has_penalties


def test_not_yet_due():
    result = run([line(1, -3)])
    assert result.lines[0].days_late == 0
    assert not result.has_penalties


def test_due_yesterday_is_one_day():
    [claimed] = run([line(1, 1, residual=3650.0)], rate=10.0).lines
    assert claimed.interest_days == 1
    assert claimed.interest_from == claimed.interest_to == NOTICE
    assert claimed.interest == 1.0  # 3650 x 10 % / 365
    assert claimed.indemnity == 40.0


def test_leap_year_counts_every_day_on_a_365_day_year():
    lines = [ClaimLine(1, date(2024, 2, 28), 1000.0, "EUR")]
    result = claim(lines, date(2024, 3, 1), annual_rate=36.5, b2b=True)
    [claimed] = result.lines
    assert claimed.interest_days == 2, "29 February counts"
    assert claimed.interest == 2.0  # 1000 x 36.5 % x 2 / 365
    whole = claim(lines, date(2025, 2, 28), annual_rate=10.0, b2b=True).lines[0]
    assert whole.interest_days == 366
    assert whole.interest == 100.27  # 366 / 365 of a year


def test_half_cent_rounds_up():
    # 1000 x 1.825 % x 1 / 365 = 0.05 exactly; 273.75 x 10 % / 365 = 0.075
    assert run([line(1, 1, residual=273.75)], rate=10.0).lines[0].interest == 0.08


def test_credit_notes_bear_nothing_and_reduce_the_total():
    result = run([line(1, 45), line(2, 60, residual=-300.0)])
    credit = result.lines[1]
    assert (credit.interest, credit.indemnity) == (0.0, 0.0)
    assert result.indemnity == 40.0
    assert result.totals == (CurrencyTotal("EUR", 700.0, 14.98, 714.98),)
    assert result.amount_due == {"EUR": 754.98}


def test_rate_zero_claims_the_indemnity_only():
    result = run([line(1, 45)], rate=0.0)
    assert result.lines[0].interest == 0.0
    assert result.lines[0].interest_from is None
    assert result.indemnity == 40.0


def test_negative_rate_raises():
    with pytest.raises(ValueError, match="negative"):
        run([line(1, 45)], rate=-0.01)


def test_negative_indemnity_raises():
    with pytest.raises(ValueError, match="negative"):
        run([line(1, 45)], indemnity_amount=-40.0)


def test_insolvency_owes_neither():
    result = run([line(1, 45), line(2, 90)], insolvent=True)
    assert not result.has_penalties
    assert result.indemnity == 0.0
    assert result.amount_due == {"EUR": 2000.0}


def test_an_individual_owes_interest_but_no_indemnity():
    result = run([line(1, 45)], b2b=False)
    assert result.lines[0].interest == 14.98
    assert result.indemnity == 0.0
    assert result.indemnity_invoices == ()


def test_indemnity_once_per_invoice_not_per_line():
    # an invoice paid in two instalments, both late, and a second invoice
    lines = [
        line(1, 45, residual=500.0, invoice="INV1"),
        line(2, 15, residual=500.0, invoice="INV1"),
        line(3, 45, invoice="INV2"),
    ]
    result = run(lines)
    assert [claimed.indemnity for claimed in result.lines] == [40.0, 0.0, 40.0]
    assert result.indemnity == 80.0
    assert result.indemnity_invoices == ("INV1", "INV2")


def test_indemnity_never_twice_for_the_same_invoice():
    result = run([line(1, 45, indemnity_done=True), line(2, 45)])
    assert [claimed.indemnity for claimed in result.lines] == [0.0, 40.0]
    assert result.lines[0].interest == 14.98, "the interest still runs"
    assert result.indemnity_invoices == (2,)


def test_indemnity_not_claimed_when_switched_off():
    result = run([line(1, 45)], claim_indemnity=False)
    assert result.indemnity == 0.0
    assert result.lines[0].interest == 14.98


def test_interest_not_claimed_when_switched_off():
    result = run([line(1, 45)], claim_interest=False)
    assert result.lines[0].interest == 0.0
    assert result.indemnity == 40.0


def test_interest_already_charged_runs_only_from_the_next_day():
    charged = NOTICE - timedelta(days=15)
    [claimed] = run([line(1, 45, interest_until=charged)]).lines
    assert claimed.interest_from == charged + timedelta(days=1)
    assert claimed.interest_days == 15
    assert claimed.interest == 4.99  # 1000 x 12.15 % x 15 / 365 = 4.993
    assert claimed.days_late == 45


def test_interest_charged_up_to_the_notice_leaves_nothing():
    result = run([line(1, 45, interest_until=NOTICE, indemnity_done=True)])
    assert not result.has_penalties


def test_interest_charged_before_the_due_date_is_ignored():
    [claimed] = run([line(1, 10, interest_until=NOTICE - timedelta(days=30))]).lines
    assert claimed.interest_days == 10


def test_lines_without_penalties():
    # the penalty invoice itself bears neither interest nor indemnity
    result = run([line(1, 45, penalties=False)])
    assert not result.has_penalties
    assert result.amount_due == {"EUR": 1000.0}


def test_totals_per_currency_and_indemnity_in_euros():
    lines = [
        line(1, 45, residual=1000.0, currency="USD"),
        line(2, 73, residual=500.0, currency="EUR", invoice="B"),
        line(3, 10, residual=2000.0, currency="USD"),
    ]
    result = run(lines, rate=10.0)
    # USD: 1000 x 10 % x 45/365 = 12.33; 2000 x 10 % x 10/365 = 5.48; EUR: 500 x 10 % / 5 = 10
    assert result.totals == (
        CurrencyTotal("USD", 3000.0, 17.81, 3017.81),
        CurrencyTotal("EUR", 500.0, 10.0, 510.0),
    )
    assert result.indemnity == 120.0
    assert result.amount_due == {"USD": 3017.81, "EUR": 630.0}


def test_indemnity_alone_in_euros_when_no_total_is():
    result = run([line(1, 45, currency="USD")], rate=0.0)
    assert result.amount_due == {"USD": 1000.0, "EUR": 40.0}


def test_currency_without_cents():
    [claimed] = run([line(1, 45, residual=100000.0, currency="JPY", digits=0)]).lines
    assert claimed.interest == 1498.0  # 1497.945...
    assert run([line(1, 45, residual=1000.0, currency="JPY", digits=0)]).totals == (
        CurrencyTotal("JPY", 1000.0, 15.0, 1015.0),
    )


def test_no_lines():
    result = run([])
    assert result.lines == ()
    assert result.totals == ()
    assert result.amount_due == {}
    assert not result.has_penalties
