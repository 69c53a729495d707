"""The figures of one cooperative as of a date, read in its own schema through the selectors of
its apps (ledger, members, savings, loans, bylaws, wastebank, meetings, shu, production, health,
intercoop). Runs with the connection set to the cooperative's schema; returns plain values for one
``CooperativeSnapshot`` row and, when asked, the member-level roster summary. The figures come
from ``COLLECTORS``, one function per area.

An app that is not installed on this platform contributes zeros (a platform without the loans
app has no loans)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps

from sokoguru.platform.core.schema import require_tenant_schema

ZERO = Decimal("0.00")
BUCKETS = ("lancar", "dalam_perhatian_khusus", "kurang_lancar", "diragukan", "macet")
MEMBER_STATUSES = ("active", "flagged", "inactive", "exited", "deceased")


def _installed(label: str) -> bool:
    return apps.is_installed(f"sokoguru.tenants.{label}")


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def member_counts_as_of(*, as_of: date, today: date) -> dict[str, int]:
    """Members by status. For today the members app's own counts; for a past date (back-filled
    month ends) members who had joined by then, with an exit dated after it counted as active
    (status changes other than exits carry no date, so the current status stands)."""
    counts = dict.fromkeys(MEMBER_STATUSES, 0)
    if not _installed("members"):
        return counts
    from sokoguru.tenants.members import selectors as members

    if as_of >= today:
        counts.update({k: int(v) for k, v in members.member_counts_by_status().items()})
        return counts
    for status, exited_on in (
        members.member_list().filter(joined_on__lte=as_of).values_list("status", "exited_on")
    ):
        if exited_on is not None and exited_on > as_of:
            status = "active"
        counts[status] = counts.get(status, 0) + 1
    return counts


@dataclass
class SnapshotContext:
    """What a collector reads: the date, the cooperative's today and the figures collected so
    far (a collector may use an earlier one's: ``available_funds`` falls back to cash less the
    reserve)."""

    as_of: date
    today: date
    row: dict = field(default_factory=dict)
    bylaws: object = None
    # The ledger read once as of ``as_of`` (``statements.books_as_of``): the balances and
    # statements of every collector come from this one scan of the legs.
    books: object = None


def collect_members(ctx: SnapshotContext) -> dict:
    counts = member_counts_as_of(as_of=ctx.as_of, today=ctx.today)
    return {f"members_{status}": counts.get(status, 0) for status in MEMBER_STATUSES}


def collect_organisation(ctx: SnapshotContext) -> dict[str, int]:
    return organisation_figures(as_of=ctx.as_of)


def organisation_figures(*, as_of: date) -> dict[str, int]:
    """Officers serving on ``as_of`` (pengurus = ketua, sekretaris, bendahara; pengawas) and the
    employees recorded in the cooperative's profile."""
    out = {"managers_count": 0, "supervisors_count": 0, "employees_count": 0}
    if _installed("members"):
        from sokoguru.tenants.members import selectors as members
        from sokoguru.tenants.members.models import Officer

        roles = list(members.officer_list(serving_on=as_of).values_list("role", flat=True))
        out["supervisors_count"] = roles.count(Officer.Role.PENGAWAS)
        out["managers_count"] = len(roles) - out["supervisors_count"]
    if _installed("profile"):
        from sokoguru.tenants.profile.selectors import profile_get

        out["employees_count"] = int(profile_get().employees)
    return out


def collect_ledger(ctx: SnapshotContext) -> dict:
    as_of = ctx.as_of
    pokok = wajib = sukarela = cash = ZERO
    assets = liabilities = equity = income = expenses = ZERO
    if _installed("ledger"):
        from sokoguru.tenants.ledger import chart
        from sokoguru.tenants.ledger.fiscal import fiscal_year_start
        from sokoguru.tenants.ledger.statements import books_as_of

        known = {"bylaws": ctx.bylaws} if _installed("bylaws") else {}
        books = ctx.books = books_as_of(as_of=as_of, year_start=fiscal_year_start(as_of, **known))
        pokok = _money(books.balance(chart.SIMPANAN_POKOK))
        wajib = _money(books.balance(chart.SIMPANAN_WAJIB))
        sukarela = _money(books.balance(chart.SIMPANAN_SUKARELA))
        cash = _money(books.balance(chart.CASH)) + _money(books.balance(chart.BANK))
        sheet = books.balance_sheet()
        assets = _money(sheet["assets"])
        liabilities = _money(sheet["liabilities"])
        equity = _money(sheet["equity"])
        statement = books.income_statement_ytd()
        income = _money(statement["income"])
        expenses = _money(statement["expenses"])
    return {
        "savings_pokok": pokok,
        "savings_wajib": wajib,
        "savings_sukarela": sukarela,
        "savings_total": pokok + wajib + sukarela,
        "cash_and_bank": cash,
        "total_assets": assets,
        "total_liabilities": liabilities,
        "total_equity": equity,
        "income_ytd": income,
        "expenses_ytd": expenses,
        "surplus_ytd": income - expenses,
    }


def collect_bylaws(ctx: SnapshotContext) -> dict:
    reserve = ZERO
    if _installed("bylaws"):
        from sokoguru.tenants.bylaws.selectors import bylaws_current

        ctx.bylaws = bylaws_current(as_of=ctx.as_of)
        reserve = _money(getattr(ctx.bylaws, "min_liquidity_reserve", ZERO))
    return {"liquidity_reserve": reserve}


def collect_loans(ctx: SnapshotContext) -> dict:
    cash, reserve = ctx.row["cash_and_bank"], ctx.row["liquidity_reserve"]
    row = {
        "loans_count": 0,
        "loans_outstanding": ZERO,
        "npl_ratio": Decimal("0.0000"),
        "loan_allowance": ZERO,
        "funding_queue_length": 0,
        "funding_queue_amount": ZERO,
        "available_funds": max(cash - reserve, ZERO),
    }
    for bucket in BUCKETS:
        row[f"loans_{bucket}_count"] = 0
        row[f"loans_{bucket}_outstanding"] = ZERO
    if _installed("loans"):
        from sokoguru.tenants.loans import selectors as loans

        portfolio = loans.loan_portfolio_summary(as_of=ctx.as_of)
        row.update(
            loans_count=int(portfolio["count"]),
            loans_outstanding=_money(portfolio["outstanding"]),
            npl_ratio=Decimal(portfolio["npl_ratio"]).quantize(Decimal("0.0001")),
            loan_allowance=_money(portfolio.get("allowance", 0)),
            funding_queue_length=int(portfolio["queue_length"]),
            funding_queue_amount=_money(portfolio["queue_amount"]),
            available_funds=_money(
                loans.available_funds(as_of=ctx.as_of, books=ctx.books, bylaws=ctx.bylaws)
            ),
        )
        for bucket in BUCKETS:
            data = portfolio["buckets"].get(bucket) or {}
            row[f"loans_{bucket}_count"] = int(data.get("count", 0))
            row[f"loans_{bucket}_outstanding"] = _money(data.get("outstanding", 0))
    return row


def collect_savings(ctx: SnapshotContext) -> dict:
    arrears = {"members": 0, "months": 0, "amount": ZERO}
    if _installed("savings"):
        from sokoguru.tenants.savings.selectors import wajib_arrears_summary

        arrears = wajib_arrears_summary(as_of=ctx.as_of)
    return {
        "wajib_arrears_members": int(arrears["members"]),
        "wajib_arrears_months": int(arrears["months"]),
        "wajib_arrears_amount": _money(arrears["amount"]),
    }


def collect_wastebank(ctx: SnapshotContext) -> dict:
    row = {
        "waste_kg_month": Decimal("0.000"),
        "waste_kg_by_category": {},
        "waste_customers_active": 0,
        "waste_savings_balance": ZERO,
        "waste_sales_month": ZERO,
        "waste_margin_month": ZERO,
    }
    if _installed("wastebank"):
        from sokoguru.tenants.wastebank.selectors import month_figures

        waste = month_figures(as_of=ctx.as_of)
        row.update(
            waste_kg_month=sum(waste.kg_by_category.values(), Decimal("0.000")),
            waste_kg_by_category={k: str(v) for k, v in sorted(waste.kg_by_category.items())},
            waste_customers_active=waste.customers_active,
            waste_savings_balance=_money(waste.savings_balance),
            waste_sales_month=_money(waste.sales_total),
            waste_margin_month=_money(waste.sales_margin),
        )
    return row


def collect_meetings(ctx: SnapshotContext) -> dict:
    bylaws = ctx.bylaws
    row = {
        "last_rat_date": None,
        "rat_fiscal_year": None,
        "rat_report_submitted_on": None,
        "rat_deadline_months": int(getattr(bylaws, "rat_deadline_months", 6)) if bylaws else 6,
    }
    if _installed("meetings"):
        from sokoguru.tenants.meetings.selectors import last_rat

        rat = last_rat(as_of=ctx.as_of)
        row.update(
            last_rat_date=rat.held_on,
            rat_fiscal_year=rat.fiscal_year,
            rat_report_submitted_on=rat.report_submitted_on,
        )
    return row


def collect_shu(ctx: SnapshotContext) -> dict:
    row = {
        "shu_last_year": None,
        "shu_last_amount": ZERO,
        "shu_last_distributed": False,
        "shu_last_distributed_on": None,
    }
    if _installed("shu"):
        from sokoguru.tenants.shu.selectors import shu_last_closed_year

        last = shu_last_closed_year(as_of=ctx.as_of)
        if last is not None:
            row.update(
                shu_last_year=last["fiscal_year"],
                shu_last_amount=_money(last["shu"]),
                shu_last_distributed=last["distributed"],
                shu_last_distributed_on=last["distributed_on"],
            )
    return row


def collect_production(ctx: SnapshotContext) -> dict:
    row = {
        "production_active_businesses": 0,
        "production_output_week": {},
        "production_output_month": {},
        "production_sales_month": ZERO,
        "production_sales_ytd": ZERO,
        "production_sales_count_month": 0,
        "production_weeks_without_records": 0,
        "production_last_record_on": None,
    }
    if _installed("production"):
        from sokoguru.tenants.production.selectors import production_figures

        row.update(production_figures(as_of=ctx.as_of))
    return row


def collect_health(ctx: SnapshotContext) -> dict:
    row = {
        "health_month": None,
        "health_scheme": "",
        "health_score": None,
        "health_band": "",
        "health_band_previous": "",
        "health_aspects": {},
        "health_pearls": {},
    }
    if _installed("health"):
        from sokoguru.tenants.health.selectors import health_snapshot_summary

        row.update(health_snapshot_summary(as_of=ctx.as_of))
    return row


def collect_intercoop(ctx: SnapshotContext) -> dict:
    balances: dict = {}
    if _installed("intercoop"):
        from sokoguru.tenants.intercoop.selectors import intercoop_balances

        balances = {
            str(cp): {k: str(v) for k, v in values.items()}
            for cp, values in sorted(intercoop_balances(as_of=ctx.as_of, books=ctx.books).items())
        }
    return {"intercoop_balances": balances}


# The snapshot's figures, one collector per area, run in this order in the cooperative's schema
# (a collector may read what an earlier one put in ``ctx.row``). A new figure is a field on
# ``CooperativeSnapshot`` plus its value from one collector: an entry here for a new area, or a
# key in the dict an existing collector returns. A collector returns its fields' zero values when
# its app is not installed.
COLLECTORS: list[Callable[[SnapshotContext], dict]] = [
    collect_members,
    collect_organisation,
    collect_bylaws,
    collect_ledger,
    collect_loans,
    collect_savings,
    collect_wastebank,
    collect_meetings,
    collect_shu,
    collect_production,
    collect_health,
    collect_intercoop,
]


def compute_figures(*, as_of: date, today: date) -> dict:
    """One snapshot row's figures for ``as_of`` (in the cooperative's schema)."""
    require_tenant_schema()
    ctx = SnapshotContext(as_of=as_of, today=today)
    for collect in COLLECTORS:
        ctx.row.update(collect(ctx))
    return ctx.row


def compute_roster(*, as_of: date) -> list[dict]:
    """Member-level summary (number, name, status, join date, savings, loans outstanding) — read
    only when the cooperative shares member-level data with some body."""
    require_tenant_schema()
    if not _installed("members"):
        return []
    from sokoguru.tenants.members import selectors as members

    savings: dict[int, Decimal] = {}
    loans: dict[int, Decimal] = {}
    if _installed("ledger"):
        from sokoguru.tenants.ledger import chart
        from sokoguru.tenants.ledger import selectors as ledger

        for account in (chart.SIMPANAN_POKOK, chart.SIMPANAN_WAJIB, chart.SIMPANAN_SUKARELA):
            for member_id, amount in ledger.member_balances(account=account, as_of=as_of).items():
                savings[member_id] = savings.get(member_id, ZERO) + _money(amount)
        loans = {
            k: _money(v)
            for k, v in ledger.member_balances(account=chart.LOANS_RECEIVABLE, as_of=as_of).items()
        }
    return [
        {
            "member_id": m["id"],
            "number": m["number"],
            "full_name": m["full_name"],
            "status": m["status"],
            "joined_on": m["joined_on"],
            "savings_total": savings.get(m["id"], ZERO),
            "loans_outstanding": loans.get(m["id"], ZERO),
        }
        for m in members.member_list().values("id", "number", "full_name", "status", "joined_on")
    ]
