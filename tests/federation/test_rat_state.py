"""One rule set for the RAT state: the state of a snapshot on a date, its alert, and the filter
(a database query) agreeing with it for every case."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from sokoguru.federation.snapshots import alerts as rules
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from tests.federation.conftest import figures


def snapshot(**overrides) -> CooperativeSnapshot:
    return CooperativeSnapshot(cooperative_id=1, date=date(2026, 12, 2), **figures(**overrides))


def state(today, **overrides):
    return rules.rat_state_of(snapshot(**overrides), today)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 5), "not_due"),
        (date(2026, 4, 30), "not_due"),
        (date(2026, 5, 1), "due_soon"),  # 60 days before 30 June
        (date(2026, 6, 30), "due_soon"),
        (date(2026, 7, 1), "overdue"),
        (date(2026, 12, 2), "overdue"),
        (date(2027, 1, 2), "not_due"),  # a new fiscal year is due: 2026, by 30 June 2027
    ],
)
def test_a_cooperative_that_never_held_its_rat_across_the_year(today, expected):
    # given a RAT for fiscal year 2024 only
    held_2024 = {"last_rat_date": date(2025, 4, 12), "rat_fiscal_year": 2024}
    # when / then
    assert state(today, **held_2024).state == expected


@translation.override("id")
def test_held_then_reported_within_a_month():
    # given a RAT for 2025 on 14 March 2026
    held = {"last_rat_date": date(2026, 3, 14), "rat_fiscal_year": 2025}
    # when / then: held, report due 14 April; a warning only once the month has passed
    before = state(date(2026, 3, 20), **held)
    assert before.state == "held_unreported" and before.report_due == date(2026, 4, 14)
    assert rules.rat_alert(snapshot(**held), today=date(2026, 4, 14)).severity == "info"
    late = rules.rat_alert(snapshot(**held), today=date(2026, 4, 15))
    assert (late.severity, late.kind_label) == ("warning", "Sudah RAT, laporan belum dikirim")
    reported = state(date(2026, 12, 2), **held, rat_report_submitted_on=date(2026, 4, 2))
    assert reported.state == "reported"
    assert (
        rules.rat_alert(
            snapshot(**held, rat_report_submitted_on=date(2026, 4, 2)), today=date(2026, 12, 2)
        )
        is None
    )


def test_the_deadline_follows_the_bylaws_months():
    # given by-laws with a RAT within 3 months of the fiscal year end
    assert state(date(2026, 3, 31), rat_deadline_months=3).state == "due_soon"
    assert state(date(2026, 4, 1), rat_deadline_months=3).state == "overdue"
    assert rules.rat_deadline(date(2026, 4, 1), 3) == date(2026, 3, 31)


@translation.override("id")
def test_on_2_december_the_alert_says_overdue_not_a_future_deadline():
    # given no RAT for 2025, one for 2024
    alert = rules.rat_alert(
        snapshot(last_rat_date=date(2025, 4, 12), rat_fiscal_year=2024), today=date(2026, 12, 2)
    )
    # then
    assert alert.kind_label == "Lewat batas RAT"
    assert alert.severity == "warning"
    assert alert.message == "RAT terakhir 12-04-2025; batas 30 Juni 2026 terlewati"
    # two fiscal years without a RAT: critical
    two = rules.rat_alert(
        snapshot(last_rat_date=date(2024, 4, 12), rat_fiscal_year=2023), today=date(2026, 12, 2)
    )
    assert two.severity == "critical"


CASES = [
    {},
    {"last_rat_date": date(2025, 4, 12), "rat_fiscal_year": 2024},
    {"last_rat_date": date(2026, 3, 14), "rat_fiscal_year": 2025},
    {
        "last_rat_date": date(2026, 3, 14),
        "rat_fiscal_year": 2025,
        "rat_report_submitted_on": date(2026, 3, 30),
    },
    {"last_rat_date": date(2026, 3, 14)},  # fiscal year not recorded: read from the date
    {"rat_deadline_months": 3},
    {"rat_deadline_months": 12},
    {"last_rat_date": date(2026, 5, 2), "rat_fiscal_year": 2025, "rat_deadline_months": 4},
]
DAYS = [date(2026, 1, 5), date(2026, 5, 1), date(2026, 7, 1), date(2026, 12, 2), date(2027, 2, 1)]


def test_filter_agrees_with_the_state_for_every_case_and_day(coop_a, coop_b, put_snapshot):
    # given one stored snapshot per case
    from sokoguru.platform.tenancy.models import Cooperative

    stored = []
    for n, case in enumerate(CASES):
        [coop] = Cooperative.objects.bulk_create(  # registry row only, no schema
            [
                Cooperative(
                    name=f"Koperasi Kasus {n}",
                    slug=f"kasus-{n}",
                    kind="primary_rw",
                    domicile_id=coop_a.domicile_id,
                    schema_name=f"kasus_{n}",
                )
            ]
        )
        stored.append(put_snapshot(coop, date(2026, 12, 2), **case))
    ids = [s.pk for s in stored]
    for today in DAYS:
        # when
        by_filter = {
            status: set(
                CooperativeSnapshot.objects.filter(pk__in=ids)
                .filter(rules.rat_status_q(status, today))
                .values_list("pk", flat=True)
            )
            for status in rules.RAT_STATUS_LABELS
        }
        # then every snapshot is in exactly the filter of its state
        for row in stored:
            expected = rules.rat_state_of(row, today).state
            found = [s for s, pks in by_filter.items() if row.pk in pks]
            assert found == [expected], (today, row.last_rat_date, row.rat_fiscal_year)
