from datetime import date, timedelta
from decimal import Decimal

import pytest

from sokoguru.tenants.loans import aging
from sokoguru.tenants.loans.allocation import Due, Part, allocate

AS_OF = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, aging.LANCAR),
        (1, aging.DALAM_PERHATIAN_KHUSUS),
        (90, aging.DALAM_PERHATIAN_KHUSUS),
        (91, aging.KURANG_LANCAR),
        (120, aging.KURANG_LANCAR),
        (121, aging.DIRAGUKAN),
        (180, aging.DIRAGUKAN),
        (181, aging.MACET),
    ],
)
def test_default_bucket_boundaries(days, bucket):
    # given
    due = AS_OF - timedelta(days=days)
    # when
    dpd = aging.days_past_due(as_of=AS_OF, oldest_unpaid_due_date=due)
    # then
    assert dpd == days
    assert aging.bucket_for(dpd) == bucket


def test_configured_bucket_boundaries():
    # given
    t = aging.BucketThresholds(
        dalam_perhatian_khusus_from=3, kurang_lancar_from=8, diragukan_from=31, macet_from=61
    )
    # then
    assert [aging.bucket_for(d, t) for d in (2, 3, 7, 8, 30, 31, 60, 61)] == [
        aging.LANCAR,
        aging.DALAM_PERHATIAN_KHUSUS,
        aging.DALAM_PERHATIAN_KHUSUS,
        aging.KURANG_LANCAR,
        aging.KURANG_LANCAR,
        aging.DIRAGUKAN,
        aging.DIRAGUKAN,
        aging.MACET,
    ]


def test_thresholds_must_rise():
    with pytest.raises(ValueError):
        aging.BucketThresholds(kurang_lancar_from=10, diragukan_from=5, macet_from=20)


def test_nothing_due_or_due_in_future_is_not_late():
    assert aging.days_past_due(as_of=AS_OF, oldest_unpaid_due_date=None) == 0
    assert aging.days_past_due(as_of=AS_OF, oldest_unpaid_due_date=AS_OF) == 0
    assert aging.days_past_due(as_of=AS_OF, oldest_unpaid_due_date=date(2026, 12, 1)) == 0


def _due(number, month, penalty, jasa, principal):
    return Due(
        number=number,
        due_date=date(2026, month, 1),
        penalty=Decimal(penalty),
        jasa=Decimal(jasa),
        principal=Decimal(principal),
    )


def test_allocation_penalty_then_jasa_then_principal_oldest_first():
    # given: two overdue instalments with penalties
    dues = [
        _due(2, 9, "3000.00", "10000.00", "100000.00"),
        _due(1, 8, "5000.00", "10000.00", "100000.00"),
    ]
    # when: the payment covers the first instalment and part of the second
    parts, left = allocate(Decimal("130000.00"), dues)
    # then
    assert parts == [
        Part(1, Decimal("5000.00"), Decimal("10000.00"), Decimal("100000.00")),
        Part(2, Decimal("3000.00"), Decimal("10000.00"), Decimal("2000.00")),
    ]
    assert left == Decimal("0.00")


def test_allocation_partial_payment_stops_inside_the_jasa():
    # given
    dues = [_due(1, 8, "5000.00", "10000.00", "100000.00")]
    # when
    parts, left = allocate(Decimal("12000.00"), dues)
    # then
    assert parts == [Part(1, Decimal("5000.00"), Decimal("7000.00"), Decimal("0.00"))]
    assert left == Decimal("0.00")


def test_allocation_returns_the_excess():
    # given
    dues = [_due(1, 8, "0.00", "10000.00", "100000.00")]
    # when
    parts, left = allocate(Decimal("150000.00"), dues)
    # then
    assert parts == [Part(1, Decimal("0.00"), Decimal("10000.00"), Decimal("100000.00"))]
    assert left == Decimal("40000.00")
