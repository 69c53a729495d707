"""Federation fixtures: oversight bodies over the session cooperatives (coop_a in Harapan Jaya,
Bekasi; coop_b in Medan), their officials, and snapshot rows written through the real upsert."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.oversight.services import body_role_grant, oversight_body_create
from sokoguru.federation.reports.selectors import month_end
from sokoguru.federation.snapshots.services import snapshot_write
from sokoguru.platform.tenancy.models import Cooperative

WIB = ZoneInfo("Asia/Jakarta")


def figures(**overrides) -> dict:
    """A complete set of snapshot figures (zeros unless given)."""
    row = {
        "members_active": 0,
        "members_flagged": 0,
        "members_inactive": 0,
        "members_exited": 0,
        "members_deceased": 0,
        "savings_pokok": Decimal("0.00"),
        "savings_wajib": Decimal("0.00"),
        "savings_sukarela": Decimal("0.00"),
        "loans_count": 0,
        "loans_outstanding": Decimal("0.00"),
        "npl_ratio": Decimal("0.0000"),
        "funding_queue_length": 0,
        "funding_queue_amount": Decimal("0.00"),
        "total_assets": Decimal("0.00"),
        "total_liabilities": Decimal("0.00"),
        "total_equity": Decimal("0.00"),
        "income_ytd": Decimal("0.00"),
        "expenses_ytd": Decimal("0.00"),
        "cash_and_bank": Decimal("0.00"),
        "liquidity_reserve": Decimal("0.00"),
        "available_funds": Decimal("0.00"),
        "wajib_arrears_members": 0,
        "wajib_arrears_months": 0,
        "wajib_arrears_amount": Decimal("0.00"),
        "last_rat_date": None,
    }
    for bucket in ("lancar", "dalam_perhatian_khusus", "kurang_lancar", "diragukan", "macet"):
        row[f"loans_{bucket}_count"] = 0
        row[f"loans_{bucket}_outstanding"] = Decimal("0.00")
    row.update(overrides)
    row["savings_total"] = row["savings_pokok"] + row["savings_wajib"] + row["savings_sukarela"]
    row["surplus_ytd"] = row["income_ytd"] - row["expenses_ytd"]
    return row


@pytest.fixture
def put_snapshot(db):
    """``put_snapshot(coop, day, **figures)`` — store a snapshot row through the real upsert."""

    def put(
        cooperative: Cooperative,
        day: date | None = None,
        *,
        at: datetime | None = None,
        **overrides,
    ):
        day = day or timezone.localdate()
        return snapshot_write(
            cooperative=cooperative,
            as_of=day,
            figures=figures(**overrides),
            computed_at=at or datetime(day.year, day.month, day.day, 23, 0, tzinfo=WIB),
        )

    return put


def pytest_collection_modifyitems(session, config, items):
    """Browser tests need committed data, so they end with a flush of the public tables: run
    them after every other test."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def kelurahan_hj(coop_a) -> OversightBody:
    return oversight_body_create(
        name="Kelurahan Harapan Jaya",
        slug="kel-harapan-jaya",
        kind=OversightBody.Kind.KELURAHAN,
        region_code="32.75.03.1001",
    )


@pytest.fixture
def dinas_sumut(coop_b) -> OversightBody:
    return oversight_body_create(
        name="Dinas Koperasi Provinsi Sumatera Utara",
        slug="dinas-sumut",
        kind=OversightBody.Kind.DINAS_PROVINSI,
        region_code="12",
    )


@pytest.fixture
def lurah(make_user, kelurahan_hj):
    user = make_user(email="lurah@uji.id")
    body_role_grant(user=user, body=kelurahan_hj, role=BodyRole.Role.OFFICIAL)
    return user


@pytest.fixture
def dinas_official(make_user, dinas_sumut):
    user = make_user(email="dinas.sumut@uji.id")
    body_role_grant(user=user, body=dinas_sumut, role=BodyRole.Role.OFFICIAL)
    return user


# Oversight reports: the month reported on, the month before, and the day the report is made.
TODAY = date(2026, 11, 20)
PERIOD = date(2026, 10, 1)
BEFORE = date(2026, 9, 1)


def registry_cooperatives(region: str, names: list[str], prefix: str) -> list[Cooperative]:
    return Cooperative.objects.bulk_create(
        [
            Cooperative(
                name=name,
                slug=f"{prefix}-{n}",
                kind="primary_rw",
                domicile_id=region,
                schema_name=f"{prefix.replace('-', '_')}_{n}",
                legal_number=f"3275{n:08d}" if prefix == "hj" else "",
            )
            for n, name in enumerate(names)
        ]
    )


@pytest.fixture
def hj(coop_a, kelurahan_hj, put_snapshot):
    """Reports: three RW cooperatives in Harapan Jaya, month ends of September and October."""
    others = registry_cooperatives(
        coop_a.domicile_id, ["Koperasi RW 02 Uji", "Koperasi RW 03 Uji"], "hj"
    )
    coops = [coop_a, *others]
    figures = {
        coop_a.pk: dict(
            members_active=40,
            savings_pokok=Decimal("4000000.00"),
            savings_wajib=Decimal("12500000.50"),
            savings_sukarela=Decimal("3100000.00"),
            loans_count=8,
            loans_outstanding=Decimal("20000000.00"),
            loans_lancar_outstanding=Decimal("19000000.00"),
            loans_macet_outstanding=Decimal("1000000.00"),
            npl_ratio=Decimal("0.0500"),
            total_assets=Decimal("31000000.00"),
            waste_kg_month=Decimal("125.500"),
            production_sales_month=Decimal("750000.00"),
            managers_count=3,
            supervisors_count=1,
            employees_count=2,
            total_equity=Decimal("18000000.00"),
            total_liabilities=Decimal("13000000.00"),
            income_ytd=Decimal("4200000.00"),
            last_rat_date=date(2026, 3, 14),
            health_band="sehat",
            health_score=Decimal("82.50"),
        ),
        others[0].pk: dict(
            members_active=25,
            savings_pokok=Decimal("2500000.00"),
            savings_wajib=Decimal("6000000.00"),
            loans_outstanding=Decimal("10000000.00"),
            loans_lancar_outstanding=Decimal("6570000.00"),
            loans_macet_outstanding=Decimal("3430000.00"),
            npl_ratio=Decimal("0.3430"),
            total_assets=Decimal("9000000.00"),
            health_band="dalam_pengawasan",
            health_score=Decimal("55.00"),
        ),
        others[1].pk: dict(members_active=12, savings_pokok=Decimal("1200000.00")),
    }
    before = {
        coop_a.pk: dict(
            members_active=38,
            savings_pokok=Decimal("3800000.00"),
            savings_wajib=Decimal("11000000.00"),
            savings_sukarela=Decimal("3000000.00"),
            loans_outstanding=Decimal("18000000.00"),
            loans_lancar_outstanding=Decimal("18000000.00"),
        ),
        others[0].pk: dict(members_active=25, savings_pokok=Decimal("2500000.00")),
        others[1].pk: dict(members_active=10, savings_pokok=Decimal("1000000.00")),
    }
    for coop in coops:
        put_snapshot(coop, month_end(BEFORE), **before[coop.pk])
        put_snapshot(coop, month_end(PERIOD), **figures[coop.pk])
    return coops
