"""``sokoguru bench reports --tenants N``: what an oversight report costs.

Snapshot rows only (no cooperative schemas — reports never read one): N generated cooperatives
in a synthetic province, 30 per kelurahan, each with the month-end rows of last month and the
month before, written in bulk inside a transaction that is rolled back at the end.

* **Kelurahan report** (30 cooperatives): figures plus PDF render, figures plus XLSX, and a
  second request of the same month (the stored file is reused).
* **Dinas report** (all N cooperatives, one line per kecamatan of the city): PDF, XLSX, and the
  ministry (ODS) export.
* **Baseline** in the same process and database: the plain aggregate query over the same
  month's snapshot rows (sums of savings, loans, members), which is what any report must at
  least read. The ratio is baseline / report (below 1: how much of the report's time is more
  than reading the rows).

Times are medians of ``rounds`` runs, in seconds."""

from __future__ import annotations

import statistics
import time
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.reports import render
from sokoguru.federation.reports.selectors import (
    month_end,
    ods_rows,
    period_rows,
    previous_month,
    report_as_of,
    report_data,
)
from sokoguru.federation.reports.services import report_request
from sokoguru.federation.snapshots.bench import PROVINCE, _regions
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.services import platform_bootstrap

QUICK = {"tenants": 100, "rounds": 1}


class _Rollback(Exception):
    pass


def _median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _rows(count: int, villages: list[str], period: date) -> int:
    coops = Cooperative.objects.bulk_create(
        [
            Cooperative(
                name=f"Koperasi Laporan Uji {i:05d}",
                slug=f"bench-report-{i:05d}",
                kind=Cooperative.Kind.PRIMARY_RW,
                domicile_id=villages[i // 30],
                schema_name=f"k_bench_report_{i:05d}",
                legal_number=f"99{i:010d}",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    bands = ["sehat", "cukup_sehat", "dalam_pengawasan", "dalam_pengawasan_khusus"]
    rows = []
    for i, coop in enumerate(coops):
        for day, grow in ((month_end(previous_month(period)), 0), (month_end(period), 1)):
            outstanding = Decimal(10_000_000 + (i % 97) * 100_000 + grow * 250_000)
            macet = Decimal((i % 7) * 150_000)
            rows.append(
                CooperativeSnapshot(
                    cooperative=coop,
                    date=day,
                    region_code=coop.domicile_id,
                    cooperative_kind=coop.kind,
                    is_latest=bool(grow),
                    is_month_end=True,
                    members_active=40 + i % 60 + grow,
                    savings_pokok=Decimal(4_000_000),
                    savings_wajib=Decimal(6_000_000 + i % 13 * 50_000 + grow * 100_000),
                    savings_sukarela=Decimal("3000000.50"),
                    savings_total=Decimal("13000000.50") + i % 13 * 50_000 + grow * 100_000,
                    loans_count=10,
                    loans_outstanding=outstanding,
                    loans_lancar_outstanding=outstanding - macet,
                    loans_macet_outstanding=macet,
                    npl_ratio=(macet / outstanding).quantize(Decimal("0.0001")),
                    total_assets=Decimal(30_000_000),
                    total_equity=Decimal(20_000_000),
                    total_liabilities=Decimal(10_000_000),
                    income_ytd=Decimal(3_000_000),
                    waste_kg_month=Decimal("12.500") * (i % 5),
                    production_sales_month=Decimal(250_000 * (i % 3)),
                    managers_count=3,
                    supervisors_count=1,
                    health_band=bands[i % 4],
                    health_score=Decimal(85 - (i % 4) * 12),
                    last_rat_date=date(period.year, 3, 1 + i % 28) if i % 5 else None,
                    rat_fiscal_year=period.year - 1 if i % 5 else None,
                    computed_at=now,
                )
            )
    CooperativeSnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _aggregate(body: OversightBody, period: date) -> dict:
    return period_rows(body=body, period=period).aggregate(
        n=Count("id"),
        savings=Sum("savings_total"),
        loans=Sum("loans_outstanding"),
        members=Sum("members_active"),
    )


def run(*, tenants: int = 1000, rounds: int = 5) -> dict:
    connection.set_schema_to_public()
    platform_bootstrap()
    rounds = max(1, rounds)
    tenants = max(30, tenants)
    today = timezone.localdate()
    period = previous_month(today)
    results: dict = {}
    baseline: dict = {}
    info: dict = {}
    try:
        with transaction.atomic():
            villages = _regions(tenants)
            written = _rows(tenants, villages, period)
            info["data"] = (
                f"{tenants} generated cooperatives, {written} month-end snapshot rows only "
                f"(no schemas), period {period:%Y-%m}"
            )
            kelurahan = OversightBody.objects.create(
                name="Kelurahan Uji Laporan",
                slug="bench-report-kelurahan",
                kind="kelurahan",
                region_id=villages[0],
            )
            dinas = OversightBody.objects.create(
                name="Dinas Uji Laporan",
                slug="bench-report-dinas",
                kind="dinas_provinsi",
                region_id=PROVINCE,
            )
            as_of = report_as_of(period, today)
            for name, body, kind in (
                ("kelurahan_30", kelurahan, "kelurahan"),
                (f"dinas_{tenants}", dinas, "regional"),
            ):
                total = _aggregate(body, period)
                data = report_data(body=body, kind=kind, period=period, today=today)
                assert data.total.cooperative_count == total["n"], (data.total, total)
                assert data.total.savings_total == total["savings"], "report total ≠ snapshot sum"
                baseline_s = _median(lambda b=body: _aggregate(b, period), rounds)

                def pdf(b=body, k=kind):
                    render.report_pdf(report_data(body=b, kind=k, period=period, today=today))

                def xlsx(b=body, k=kind):
                    render.report_xlsx(report_data(body=b, kind=k, period=period, today=today))

                results[f"{name}_pdf_s"] = round(_median(pdf, rounds), 4)
                results[f"{name}_xlsx_s"] = round(_median(xlsx, rounds), 4)
                baseline[f"{name}_pdf_s"] = baseline[f"{name}_xlsx_s"] = round(baseline_s, 5)
                info[f"{name}_cooperatives"] = total["n"]

            def ods():
                render.ods_xlsx(
                    ods_rows(body=dinas, period=period, today=today),
                    body=dinas,
                    period=period,
                    as_of=as_of,
                )

            results[f"dinas_{tenants}_ods_xlsx_s"] = round(_median(ods, rounds), 4)
            baseline[f"dinas_{tenants}_ods_xlsx_s"] = baseline[f"dinas_{tenants}_xlsx_s"]

            # The stored file reused: a second request of the same month and data.
            job = report_request(
                user=SYSTEM, body=kelurahan, kind="kelurahan", format="pdf", period=period
            )
            try:
                results["kelurahan_30_cached_s"] = round(
                    _median(
                        lambda: report_request(
                            user=SYSTEM,
                            body=kelurahan,
                            kind="kelurahan",
                            format="pdf",
                            period=period,
                        ),
                        rounds,
                    ),
                    5,
                )
                baseline["kelurahan_30_cached_s"] = baseline["kelurahan_30_pdf_s"]
            finally:
                job.file.delete(save=False)
            raise _Rollback
    except _Rollback:
        pass
    connection.set_schema_to_public()
    ratio = {k: round(baseline[k] / v, 3) for k, v in results.items() if baseline.get(k) and v}
    return {
        "name": "reports",
        "params": {"tenants": tenants, "rounds": rounds},
        "results": results,
        "baseline": baseline,
        "ratio": ratio,
        "info": info,
    }


__all__ = ["run"]
