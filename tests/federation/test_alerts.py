from datetime import date
from decimal import Decimal

from django.utils import translation

from sokoguru.federation.snapshots.alerts import alerts_for, rat_status
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from tests.federation.conftest import figures


def snapshot(day=date(2026, 11, 20), **overrides) -> CooperativeSnapshot:
    return CooperativeSnapshot(cooperative_id=1, date=day, **figures(**overrides))


def kinds(s, today=date(2026, 11, 20)):
    with translation.override("id"):
        return [(a.kind, a.severity, a.message) for a in alerts_for(s, today=today)]


def test_each_rule_with_its_severity_and_message():
    # given
    s = snapshot(
        date(2026, 11, 17),
        loans_outstanding=Decimal("10000000.00"),
        npl_ratio=Decimal("0.1250"),
        members_active=8,
        members_flagged=2,
        wajib_arrears_members=3,
        wajib_arrears_amount=Decimal("450000.00"),
        cash_and_bank=Decimal("1500000.00"),
        liquidity_reserve=Decimal("2000000.00"),
        last_rat_date=date(2024, 3, 20),
    )
    # when / then
    assert kinds(s) == [
        ("npl", "critical", "NPL 12,50% (batas 5%)"),
        ("rat", "critical", "RAT terakhir 20-03-2024; batas 30 Juni 2026 terlewati"),
        (
            "liquidity",
            "critical",
            "Kas dan bank Rp 1.500.000 di bawah cadangan minimum Rp 2.000.000",
        ),
        ("wajib_arrears", "warning", "3 anggota (30,00%) menunggak simpanan wajib, Rp 450.000"),
        ("stale", "warning", "Snapshot terakhir 3 hari yang lalu (17-11-2026)"),
    ]


def test_a_healthy_cooperative_raises_nothing():
    # given
    s = snapshot(
        loans_outstanding=Decimal("10000000.00"),
        npl_ratio=Decimal("0.0500"),
        members_active=10,
        wajib_arrears_members=2,
        cash_and_bank=Decimal("2000000.00"),
        liquidity_reserve=Decimal("2000000.00"),
        last_rat_date=date(2026, 4, 25),
        rat_fiscal_year=2025,
        rat_report_submitted_on=date(2026, 5, 8),
    )
    # when / then
    assert kinds(s) == []


def test_rat_status_around_the_30_june_deadline():
    assert rat_status(None, date(2026, 4, 30)) == "not_due"
    assert rat_status(None, date(2026, 5, 1)) == "due_soon"
    assert rat_status(None, date(2026, 6, 30)) == "due_soon"
    assert rat_status(None, date(2026, 7, 1)) == "overdue"
    assert rat_status(date(2025, 5, 1), date(2026, 7, 1)) == "overdue"
    assert rat_status(date(2026, 2, 14), date(2026, 7, 1)) == "held_unreported"
