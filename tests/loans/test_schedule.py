from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sokoguru.tenants.loans import schedule as sch

FIRST_DUE = date(2026, 2, 1)


def test_flat_ten_percent_over_ten_months_is_ten_equal_instalments():
    # given / when
    s = sch.build_schedule(
        amount=Decimal("1000000"),
        rate_percent=Decimal("10"),
        rate_basis=sch.PER_TERM,
        tenor=10,
        method=sch.FLAT,
        first_due_date=FIRST_DUE,
    )
    # then
    assert [line.total for line in s.lines] == [Decimal("110000.00")] * 10
    assert [line.principal for line in s.lines] == [Decimal("100000.00")] * 10
    assert [line.jasa for line in s.lines] == [Decimal("10000.00")] * 10
    assert s.total_jasa == Decimal("100000.00")
    assert s.lines[0].due_date == date(2026, 2, 1)
    assert s.lines[-1].due_date == date(2026, 11, 1)


def test_flat_remainder_goes_to_the_last_instalment():
    # given / when
    s = sch.build_schedule(
        amount=Decimal("1000000"),
        rate_percent=Decimal("1.5"),
        rate_basis=sch.PER_MONTH,
        tenor=7,
        method=sch.FLAT,
        first_due_date=FIRST_DUE,
    )
    # then: jasa 1.000.000 × 1,5 % × 7 = 105.000
    assert s.total_jasa == Decimal("105000.00")
    assert [line.principal for line in s.lines] == [Decimal("142857.00")] * 6 + [
        Decimal("142858.00")
    ]
    assert [line.jasa for line in s.lines] == [Decimal("15000.00")] * 7


def test_declining_balance_jasa_on_the_outstanding_balance():
    # given / when
    s = sch.build_schedule(
        amount=Decimal("1200000"),
        rate_percent=Decimal("2"),
        rate_basis=sch.PER_MONTH,
        tenor=3,
        method=sch.DECLINING,
        first_due_date=FIRST_DUE,
    )
    # then
    assert [line.principal for line in s.lines] == [Decimal("400000.00")] * 3
    assert [line.jasa for line in s.lines] == [
        Decimal("24000.00"),
        Decimal("16000.00"),
        Decimal("8000.00"),
    ]
    assert s.total_jasa == Decimal("48000.00")


def test_annuity_equal_instalments_and_last_settles_the_rest():
    # given / when
    s = sch.build_schedule(
        amount=Decimal("1000000"),
        rate_percent=Decimal("1"),
        rate_basis=sch.PER_MONTH,
        tenor=12,
        method=sch.ANNUITY,
        first_due_date=FIRST_DUE,
    )
    # then: PMT(1 %, 12, 1.000.000) = 88.848,79 → Rp 88.849
    assert [line.total for line in s.lines[:-1]] == [Decimal("88849.00")] * 11
    assert s.lines[0].jasa == Decimal("10000.00")
    assert sum(line.principal for line in s.lines) == Decimal("1000000.00")
    assert s.total_jasa == sum(line.jasa for line in s.lines)
    assert s.lines[-1].principal == Decimal("87967.00")
    assert s.lines[-1].total == Decimal("88847.00")


def test_due_dates_clamp_to_the_end_of_short_months():
    # given / when
    s = sch.build_schedule(
        amount=Decimal("300000"),
        rate_percent=Decimal("0"),
        rate_basis=sch.PER_MONTH,
        tenor=3,
        method=sch.FLAT,
        first_due_date=date(2026, 1, 31),
    )
    # then
    assert [line.due_date for line in s.lines] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("100.50")])
def test_amount_must_be_positive_whole_rupiah(amount):
    with pytest.raises(ValueError):
        sch.build_schedule(
            amount=amount,
            rate_percent=Decimal("1"),
            rate_basis=sch.PER_MONTH,
            tenor=3,
            method=sch.FLAT,
            first_due_date=FIRST_DUE,
        )


amounts = st.integers(min_value=1, max_value=5_000_000_000).map(Decimal)
rates = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("60"), places=4, allow_nan=False, allow_infinity=False
)


@settings(max_examples=400, deadline=None)
@given(
    amount=amounts,
    rate=rates,
    basis=st.sampled_from(sch.RATE_BASES),
    tenor=st.integers(min_value=1, max_value=120),
    method=st.sampled_from(sch.METHODS),
)
def test_parts_add_up_exactly_in_whole_rupiah(amount, rate, basis, tenor, method):
    # when
    s = sch.build_schedule(
        amount=amount,
        rate_percent=rate,
        rate_basis=basis,
        tenor=tenor,
        method=method,
        first_due_date=FIRST_DUE,
    )
    # then
    assert len(s.lines) == tenor
    assert sum(line.principal for line in s.lines) == amount
    assert sum(line.jasa for line in s.lines) == s.total_jasa
    for line in s.lines:
        assert line.principal >= 0 and line.jasa >= 0
        assert line.principal == line.principal.to_integral_value()
        assert line.jasa == line.jasa.to_integral_value()
        assert line.principal.as_tuple().exponent == -2
    # the total jasa follows the method's own definition, computed independently
    r = rate / 100
    if method == sch.FLAT:
        exact = amount * r * (tenor if basis == sch.PER_MONTH else 1)
        assert s.total_jasa == exact.quantize(Decimal("1"), rounding="ROUND_HALF_UP")
    elif method == sch.DECLINING:
        monthly = r if basis == sch.PER_MONTH else r / tenor
        q = (amount / tenor).to_integral_value(rounding="ROUND_FLOOR")
        sum_balances = amount * tenor - q * tenor * (tenor - 1) / 2
        exact = sum_balances * monthly
        assert s.total_jasa == exact.quantize(Decimal("1"), rounding="ROUND_HALF_UP")
    else:
        payment = s.lines[0].total
        assert all(line.total <= payment for line in s.lines[:-1])
