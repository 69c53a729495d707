"""``sokoguru bench load``: a kelurahan's morning under load, then the books checked.

Seeds (once; later runs reuse it) the kelurahan Harapan Baru with ``tenants`` RW cooperatives,
each with ``members`` members (pokok paid), funds and ``loans`` disbursed loans, a kasir per
cooperative and a kelurahan official; refreshes their snapshots. Starts the production web server
(gunicorn, ``workers`` processes) on localhost against this database and runs
``load_locust`` in its own process: one counter per cooperative posting sukarela deposits and loan
repayments through the cooperative GraphQL API (bearer token from the API token login), while
``officials`` officials read the kelurahan dashboard and the federation API, for ``seconds``
seconds. Before the load the same requests run one after the other by one client (the baseline).

Results per request kind: count, errors, p50/p95/p99 (seconds) and requests per second; ratio =
baseline p50 / p50 under load. Then the books: per cooperative, the rupiah the counter had
accepted = the change of the members' sukarela passbooks = the change of the ledger's sukarela
account; repayments accepted = the repayments recorded; cash moved by both; the loan book agrees
with the ledger; a snapshot refresh gives the ledger's figures. Any disagreement (or a request
error) fails the bench (non-zero exit)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.oversight.services import body_role_grant, oversight_body_create
from sokoguru.federation.snapshots.services import cooperative_today, snapshot_refresh
from sokoguru.platform.accounts.models import CooperativeRole, User
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.accounts.services import cooperative_role_grant
from sokoguru.platform.bench import BenchError
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.platform.tenancy.services import (
    DEMO_REGIONS,
    cooperative_domain,
    cooperative_provision,
    platform_bootstrap,
    region_load_csv,
)
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.loans.models import Loan, LoanProduct, Repayment
from sokoguru.tenants.loans.selectors import loan_ledger_differences
from sokoguru.tenants.loans.services import loan_apply, loan_approve, loan_disburse
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.models import SavingsMovement
from sokoguru.tenants.savings.selectors import savings_balances_by_member
from sokoguru.tenants.savings.services import pokok_pay

HARAPAN_BARU = "32.75.03.1002"
BODY_SLUG = "kel-harapan-baru"
PASSWORD = "beban-pagi-2026"  # noqa: S105 (the bench's own seeded users)
KINDS = ("deposit", "repayment", "dashboard", "federation API")

# `sokoguru bench --all --quick`: three cooperatives, ten seconds of load.
QUICK = {"tenants": 3, "seconds": 10, "members": 5, "loans": 2, "rounds": 3}


def _slug(n: int, prefix: str) -> str:
    return f"{prefix}-rw{n:02d}"


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(email=email, password=PASSWORD, full_name=name)


def _nik(coop_index: int, n: int) -> str:
    """A valid NIK of a Bekasi resident (region 327503, born 12-04-1985), unique per seat."""
    return f"327503120485{(coop_index * 300 + n) % 10000:04d}"


def _seed_books(coop: Cooperative, index: int, *, members: int, loans: int, officers: dict):
    with cooperative_schema(coop), transaction.atomic():  # a cooperative seeds whole or not
        if Member.objects.exists():  # seeded before (whole: one transaction)
            return
        today = cooperative_today(coop)
        joined = today - timedelta(days=60)
        transaction_post(
            date=joined,
            description="Hibah modal usaha kelurahan",
            legs=[
                Leg(account=chart.CASH, debit=Decimal("50000000")),
                Leg(account=chart.HIBAH, credit=Decimal("50000000")),
            ],
            idempotency_key=f"bench-load:hibah:{coop.slug}",
        )
        ids = []
        for n in range(members):
            member = member_register(
                full_name=f"Warga {n + 1:02d} {coop.slug.upper()}",
                nik=_nik(index, n),
                joined_on=joined,
                created_by_id=SYSTEM,
            )
            pokok_pay(member_id=member.pk, date=joined, created_by_id=SYSTEM)
            ids.append(member.pk)
        product = LoanProduct.objects.filter(code="MIKRO").first()
        if product is None:
            product = LoanProduct(
                code="MIKRO",
                name="Pinjaman usaha mikro",
                method="flat",
                rate_percent=Decimal("10"),
                rate_basis="per_term",
                min_tenor=1,
                max_tenor=12,
            )
            product.full_clean()
            product.save()
        disbursed_on = today - timedelta(days=30)
        for member_id in ids[:loans]:
            loan = loan_apply(
                member_id=member_id,
                product_id=product.pk,
                amount=Decimal("250000"),
                tenor=10,
                purpose="Modal warung",
                entered_by_id=officers["kasir"].pk,
                applied_on=disbursed_on,
            )
            loan_approve(loan_id=loan.pk, approved_by_id=officers["bendahara"].pk)
            loan_disburse(
                loan_id=loan.pk, disbursed_by_id=officers["kasir"].pk, disbursed_on=disbursed_on
            )


def seed(*, tenants: int, members: int, loans: int, prefix: str, log=print) -> dict:
    """The kelurahan, its cooperatives and people (idempotent); returns the runner's config."""
    connection.set_schema_to_public()
    if not Region.objects.filter(code=HARAPAN_BARU).exists():
        region_load_csv(path=DEMO_REGIONS)
    platform_bootstrap()
    body = oversight_body_create(
        name="Kelurahan Harapan Baru",
        slug=BODY_SLUG,
        kind=OversightBody.Kind.KELURAHAN,
        region_code=HARAPAN_BARU,
    )
    official = _user(f"lurah.{prefix}@bench.sokoguru.id", "Lurah Harapan Baru")
    body_role_grant(user=official, body=body, role=BodyRole.Role.OFFICIAL)
    started = time.monotonic()
    cooperatives = []
    for n in range(1, tenants + 1):
        slug = _slug(n, prefix)
        coop = Cooperative.objects.filter(slug=slug).first()
        if coop is None:
            coop = cooperative_provision(
                name=f"Koperasi RW {n:02d} Harapan Baru",
                slug=slug,
                kind=Cooperative.Kind.PRIMARY_RW,
                domicile_code=HARAPAN_BARU,
            )
        officers = {}
        for role in (CooperativeRole.Role.KASIR, CooperativeRole.Role.BENDAHARA):
            user = _user(f"{role}.{slug}@bench.sokoguru.id", f"{role.label} {slug}")
            cooperative_role_grant(user=user, cooperative=coop, role=role)
            officers[str(role)] = user
        _seed_books(coop, n, members=members, loans=loans, officers=officers)
        snapshot_refresh(cooperative=coop)
        cooperatives.append(
            {
                "slug": slug,
                "host": cooperative_domain(slug),
                "email": officers["kasir"].email,
                "password": PASSWORD,
                "today": cooperative_today(coop).isoformat(),
            }
        )
    log(f"benih: {tenants} koperasi siap dalam {time.monotonic() - started:.1f} s")
    return {
        "platform_host": settings.PLATFORM_DOMAIN,
        "cooperatives": cooperatives,
        "official": {
            "email": official.email,
            "password": PASSWORD,
            "dashboard": f"/dasbor/badan/{BODY_SLUG}/",
            "body_key": f"body:{BODY_SLUG}",
        },
    }


def _movements(key_prefix: str) -> Decimal:
    rows = SavingsMovement.objects.filter(idempotency_key__startswith=key_prefix)
    return rows.aggregate(s=Sum("amount"))["s"] or Decimal("0")


def books(slugs: list[str]) -> dict[str, dict[str, Decimal]]:
    """Per cooperative: passbook sukarela total, ledger sukarela and cash, repayments recorded."""
    out = {}
    for coop in Cooperative.objects.filter(slug__in=slugs):
        with cooperative_schema(coop):
            passbooks = savings_balances_by_member()
            out[coop.slug] = {
                "passbook_sukarela": sum(
                    (row["sukarela"] for row in passbooks.values()), Decimal("0")
                ),
                "ledger_sukarela": account_balance(account=chart.SIMPANAN_SUKARELA),
                "ledger_cash": account_balance(account=chart.CASH),
                "repayments": Repayment.objects.aggregate(s=Sum("amount"))["s"] or Decimal("0"),
                # Posted by the counters (their keys) and what repayments paid beyond the
                # instalments due (credited to sukarela by the product's rule).
                "counter_deposits": _movements("load:"),
                "repayment_excess": _movements("loans:excess:load:"),
            }
    return out


def books_agree(before: dict, after: dict, accepted: dict) -> list[str]:
    """Every disagreement between what the counters were told and what the books say."""
    problems = []
    for slug, now in sorted(after.items()):
        was = before[slug]
        took = accepted.get(slug, {})
        deposits = Decimal(took.get("deposits", 0))
        repayments = Decimal(took.get("repayments", 0))
        excess = now["repayment_excess"] - was["repayment_excess"]
        if now["counter_deposits"] - was["counter_deposits"] != deposits:
            problems.append(
                f"{slug}: setoran diterima {deposits} ≠ setoran tercatat "
                f"{now['counter_deposits'] - was['counter_deposits']}"
            )
        checks = {
            "passbooks (sukarela)": now["passbook_sukarela"] - was["passbook_sukarela"],
            "ledger 2101 (sukarela)": now["ledger_sukarela"] - was["ledger_sukarela"],
        }
        for what, moved in checks.items():
            if moved != deposits + excess:
                problems.append(
                    f"{slug}: setoran {deposits} + kelebihan angsuran {excess} ≠ {what} {moved}"
                )
        if now["repayments"] - was["repayments"] != repayments:
            problems.append(
                f"{slug}: angsuran diterima {repayments} ≠ tercatat "
                f"{now['repayments'] - was['repayments']}"
            )
        if now["ledger_cash"] - was["ledger_cash"] != deposits + repayments:
            problems.append(
                f"{slug}: kas 1101 bergerak {now['ledger_cash'] - was['ledger_cash']} ≠ "
                f"{deposits + repayments}"
            )
    return problems


def snapshots_agree(slugs: list[str]) -> list[str]:
    """Refresh each cooperative's snapshot (as the refresher would) and compare with the books."""
    problems = []
    for coop in Cooperative.objects.filter(slug__in=slugs):
        snapshot = snapshot_refresh(cooperative=coop)
        with cooperative_schema(coop):
            sukarela = account_balance(account=chart.SIMPANAN_SUKARELA)
            receivable = account_balance(account=chart.LOANS_RECEIVABLE)
            book = Loan.objects.filter(status=Loan.Status.ACTIVE).aggregate(
                s=Sum("outstanding_principal")
            )["s"] or Decimal("0")
            differences = loan_ledger_differences()
        if snapshot.savings_sukarela != sukarela:
            problems.append(
                f"{coop.slug}: snapshot sukarela {snapshot.savings_sukarela} ≠ {sukarela}"
            )
        if not (snapshot.loans_outstanding == receivable == book):
            problems.append(
                f"{coop.slug}: pinjaman beredar snapshot {snapshot.loans_outstanding}, "
                f"buku besar {receivable}, buku pinjaman {book}"
            )
        if differences:
            problems.append(f"{coop.slug}: buku pinjaman ≠ buku besar untuk {len(differences)}")
    return problems


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child_env() -> dict:
    """This process's environment pointed at the database this process uses."""
    name = connection.settings_dict["NAME"]
    env = {**os.environ, "SOKOGURU_DB_NAME": name, "SOKOGURU_DEBUG": "0"}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    return env


def _serve(port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sokoguru.platform.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=_child_env(),
    )
    deadline = time.monotonic() + 90
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": settings.PLATFORM_DOMAIN}
    )
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn berhenti (kode {server.returncode})")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise BenchError("gunicorn tidak menjawab dalam 90 s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(
    *,
    tenants: int = 30,
    seconds: int = 180,
    members: int = 20,
    loans: int = 5,
    officials: int = 3,
    rounds: int = 20,
    workers: int = 3,
    think: float = 1.0,
    prefix: str = "hb",
    log=print,
) -> dict:
    tenants = tenants or 30  # the harness passes --tenants 0 when not given
    config = seed(tenants=tenants, members=members, loans=loans, prefix=prefix, log=log)
    slugs = [c["slug"] for c in config["cooperatives"]]
    before = books(slugs)
    port = _free_port()
    load_average = os.getloadavg()
    server = _serve(port, workers)
    try:
        with tempfile.TemporaryDirectory(prefix="sokoguru-load-") as tmp:
            cfg, out = Path(tmp) / "config.json", Path(tmp) / "out.json"
            config.update(
                base_url=f"http://127.0.0.1:{port}",
                counters=tenants,
                officials=officials,
                seconds=seconds,
                rounds=rounds,
                think_seconds=think,
                spawn_rate=max(5, tenants),
            )
            cfg.write_text(json.dumps(config), encoding="utf-8")
            log(
                f"beban: {tenants} kasir + {officials} pejabat, {seconds} s, gunicorn "
                f"{workers} worker di 127.0.0.1:{port}"
            )
            runner = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "sokoguru.federation.snapshots.load_locust", cfg, out],
                env=_child_env(),
                timeout=seconds + tenants * 10 + rounds * 10 + 180,
                check=False,
            )
            if runner.returncode != 0 or not out.exists():
                raise BenchError(f"load_locust gagal (kode {runner.returncode})")
            report = json.loads(out.read_text(encoding="utf-8"))
    finally:
        load_after = os.getloadavg()
        _stop(server)
    after = books(slugs)
    problems = books_agree(before, after, report["accepted"])
    if report["unfinished"]:
        problems.append(f"{report['unfinished']} permintaan belum selesai saat berhenti")
    problems += snapshots_agree(slugs)
    stats, base = report["stats"], report["baseline"]
    results: dict[str, float | int] = {}
    baseline: dict[str, float | int] = {}
    for kind in KINDS:
        row = stats.get(kind, {})
        for metric in ("p50", "p95", "p99"):
            results[f"{kind} {metric} s"] = row.get(metric, 0.0)
        results[f"{kind} errors"] = row.get("errors", 0)
        results[f"{kind} req/s"] = row.get("rps", 0.0)
        baseline[f"{kind} p50 s"] = base.get(kind, {}).get("p50", 0.0)
        baseline[f"{kind} p95 s"] = base.get(kind, {}).get("p95", 0.0)
    total = sum(row["requests"] for row in stats.values())
    errors = sum(row["errors"] for row in stats.values())
    results["requests"] = total
    results["errors"] = errors
    results["req/s"] = round(total / report["seconds"], 2) if report["seconds"] else 0.0
    baseline["healthz p50 s"] = base["healthz"]["p50"]  # the server's floor, for reference
    deposited = sum(Decimal(a["deposits"]) for a in report["accepted"].values())
    repaid = sum(Decimal(a["repayments"]) for a in report["accepted"].values())
    info = {
        "load average (1/5/15 min) before": " / ".join(f"{x:.2f}" for x in load_average),
        "load average after": " / ".join(f"{x:.2f}" for x in load_after),
        "accepted": f"setoran {format_rupiah(deposited)}, angsuran {format_rupiah(repaid)}",
        "books": "sepakat (buku besar = buku tabungan = snapshot)"
        if not problems
        else f"TIDAK SEPAKAT: {len(problems)}",
    }
    for failure in report["failures"][:5]:
        info[f"error {failure['name']}"] = f"{failure['count']}× {failure['error']}"
    for n, exception in enumerate(report["exceptions"][:3]):
        info[f"exception {n + 1}"] = exception
    for failure in report["failures"][:10]:
        log(f"  galat {failure['name']}: {failure['count']}× {failure['error']}")
    for problem in problems[:20]:
        log(f"  ✗ {problem}")
    log(f"buku: {info['books']}")
    result = {
        "params": {
            "tenants": tenants,
            "seconds": seconds,
            "members": members,
            "loans": loans,
            "officials": officials,
            "workers": workers,
            "think": think,
        },
        "results": results,
        "baseline": baseline,
        "ratio": {
            key: round(baseline[key] / results[key], 2)
            for key in baseline
            if key.endswith("p50 s") and results.get(key)
        },
        "info": info,
        "problems": problems,
        "exceptions": report["exceptions"],
    }
    if problems:
        raise BenchError(f"bench load: buku tidak sepakat ({len(problems)}): {problems[0]}")
    return result
