"""Output records: weekly/monthly entries, late entries, a year's trend and missing weeks."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.production import selectors
from sokoguru.tenants.production.models import OutputRecord
from sokoguru.tenants.production.services import business_create, output_record


def _record(business, user, day, qty, *, unit="kg", product="Selada", period="week"):
    return output_record(
        business_id=business.pk,
        period=period,
        day=day,
        product_name=product,
        quantity=Decimal(qty),
        unit=unit,
        recorded_by_id=user.pk,
    )


def test_week_entry_is_stored_on_its_monday_with_who_and_when(business, kasir):
    # when a Thursday is given
    record = _record(business, kasir, date(2025, 3, 13), "4.5")
    # then the week starts on Monday, the entry is late (long past) and names who entered it
    assert record.period_start == date(2025, 3, 10)
    assert record.recorded_by_id == kasir.pk
    assert record.recorded_at is not None
    assert record.is_late is True


def test_second_entry_for_the_same_week_corrects_the_first(business, kasir):
    # given
    _record(business, kasir, date(2025, 3, 10), "4")
    # when
    _record(business, kasir, date(2025, 3, 12), "6")
    # then
    rows = list(OutputRecord.objects.filter(business=business).values_list("quantity", flat=True))
    assert rows == [Decimal("6.000")]


def test_future_week_and_bad_unit_are_refused_and_nothing_written(business, kasir):
    with pytest.raises(ValidationError) as future:
        _record(business, kasir, date(2099, 1, 5), "1")
    assert "day" in future.value.error_dict
    with pytest.raises(ValidationError) as unit:
        _record(business, kasir, date(2025, 3, 10), "1", unit="ton")
    assert "unit" in unit.value.error_dict
    assert not OutputRecord.objects.exists()


def test_output_needs_an_officer_role(business, make_user, in_coop_a):
    anggota = make_user(roles={in_coop_a: "anggota"})
    with pytest.raises(PermissionDenied):
        _record(business, anggota, date(2025, 3, 10), "1")
    assert not OutputRecord.objects.exists()


def test_year_trend_per_business_and_per_kind(business, kasir, owner):
    # given a second hydroponics business and a toga business
    other = business_create(
        name="Hidroponik Mawar",
        kind="hidroponik",
        owner_ids=[owner.pk],
        started_on=date(2025, 1, 1),
        created_by_id=kasir.pk,
    )
    toga = business_create(
        name="Toga Sehat",
        kind="toga",
        owner_ids=[owner.pk],
        started_on=date(2025, 1, 1),
        created_by_id=kasir.pk,
    )
    _record(business, kasir, date(2025, 1, 6), "3")
    _record(business, kasir, date(2025, 1, 6), "10", unit="ikat", product="Pakcoy")
    _record(other, kasir, date(2025, 1, 8), "2.25")
    _record(business, kasir, date(2025, 1, 20), "5")
    _record(toga, kasir, date(2025, 1, 6), "7", unit="pot", product="Jahe merah")
    # when
    per_business = selectors.output_trend(year=2025, business_id=business.pk)
    per_kind = selectors.output_trend(year=2025, kind="hidroponik")
    # then every week of the year is listed (2025 starts in the week of Mon 30 Dec 2024)
    assert len(per_business) == 53
    assert per_business[0]["period_start"] == date(2024, 12, 30)
    week2, week3, week4 = per_business[1], per_business[2], per_business[3]
    assert week2["quantities"] == {"ikat": Decimal("10.000"), "kg": Decimal("3.000")}
    assert week3["recorded"] is False and week3["quantities"] == {}
    assert week4["quantities"] == {"kg": Decimal("5.000")}
    assert per_kind[1]["quantities"] == {"ikat": Decimal("10.000"), "kg": Decimal("5.250")}
    assert selectors.output_trend(year=2025, kind="toga")[1]["quantities"] == {
        "pot": Decimal("7.000")
    }


def test_monthly_trend(business, kasir):
    _record(business, kasir, date(2025, 2, 14), "40", period="month")
    trend = selectors.output_trend(year=2025, period="month", business_id=business.pk)
    assert len(trend) == 12
    assert trend[1] == {
        "period_start": date(2025, 2, 1),
        "recorded": True,
        "quantities": {"kg": Decimal("40.000")},
        "value": Decimal("0.00"),
    }


def test_missing_weeks_are_the_complete_active_weeks_without_records(business, kasir):
    # given a business started Mon 6 Jan 2025, with records in weeks 1 and 3 of its life
    _record(business, kasir, date(2025, 1, 6), "3")
    _record(business, kasir, date(2025, 1, 22), "3")
    # when asked for 1 Jan – Wed 5 Feb (the week of 3 Feb has not ended)
    missing = selectors.missing_weeks(
        business_id=business.pk, start=date(2025, 1, 1), end=date(2025, 2, 5)
    )
    # then the week before it started is not missing, nor the unfinished one
    assert missing == [date(2025, 1, 13), date(2025, 1, 27)]


def test_missing_weeks_stop_when_the_business_closes(business, kasir):
    from sokoguru.tenants.production.services import business_update

    business_update(
        business_id=business.pk,
        status="closed",
        closed_on=date(2025, 1, 20),
        updated_by_id=kasir.pk,
    )
    missing = selectors.missing_weeks(
        business_id=business.pk, start=date(2025, 1, 1), end=date(2025, 3, 31)
    )
    assert missing == [date(2025, 1, 6), date(2025, 1, 13)]


def test_trend_and_missing_weeks_query_counts(business, kasir, django_assert_num_queries):
    _record(business, kasir, date(2025, 1, 6), "3")
    with django_assert_num_queries(1):
        selectors.output_trend(year=2025, kind="hidroponik")
    businesses = list(selectors.business_list())
    with django_assert_num_queries(1):
        selectors.businesses_missing_weeks(
            start=date(2025, 1, 1), end=date(2025, 12, 31), businesses=businesses
        )
