"""Reads of the loan book: products, loans, the funding queue, available funds, the portfolio
by collectibility bucket, payoff quotes and the reconciliation with the ledger."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today  # noqa: F401 - re-exported
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance, member_balances
from sokoguru.tenants.loans import aging, schedule
from sokoguru.tenants.loans.models import (
    Instalment,
    Loan,
    LoanProduct,
    LoanSettings,
    Repayment,
)

ZERO = Decimal("0.00")


def loan_settings_get() -> LoanSettings:
    require_tenant_schema()
    return LoanSettings.objects.get_or_create(singleton=True)[0]


def loan_product_list(*, active: bool | None = None) -> QuerySet[LoanProduct]:
    require_tenant_schema()
    qs = LoanProduct.objects.all()
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("code")


def loan_list(
    *,
    status: str | list[str] | None = None,
    bucket: str | None = None,
    member_id: int | None = None,
) -> QuerySet[Loan]:
    require_tenant_schema()
    qs = Loan.objects.select_related("member", "product", "guarantor")
    if status:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else list(status))
    if bucket:
        qs = qs.filter(bucket=bucket, status=Loan.Status.ACTIVE)
    if member_id is not None:
        qs = qs.filter(member_id=member_id)
    return qs.order_by("-id")


def loan_get(*, loan_id: int) -> Loan:
    require_tenant_schema()
    loan = Loan.objects.select_related("member", "product", "guarantor").filter(pk=loan_id).first()
    if loan is None:
        raise NotFound("Pinjaman tidak ditemukan.", field="loan_id")
    return loan


def instalment_list(*, loan_id: int) -> QuerySet[Instalment]:
    return Instalment.objects.filter(loan_id=loan_id).order_by("number")


def repayment_list(*, loan_id: int) -> QuerySet[Repayment]:
    return Repayment.objects.filter(loan_id=loan_id).order_by("date", "id")


def funding_queue() -> QuerySet[Loan]:
    """Approved loans waiting for funds, first come first served."""
    require_tenant_schema()
    return (
        Loan.objects.filter(status=Loan.Status.QUEUED)
        .select_related("member", "product")
        .order_by("queue_number")
    )


def queue_position(*, loan: Loan) -> int | None:
    """1 for the head of the funding queue; None when the loan is not queued."""
    if loan.status != Loan.Status.QUEUED or loan.queue_number is None:
        return None
    return Loan.objects.filter(
        status=Loan.Status.QUEUED, queue_number__lte=loan.queue_number
    ).count()


def queue_positions(*, loan_ids: list[int] | None = None) -> dict[int, int]:
    """Positions in the funding queue of ``loan_ids`` (every queued loan when None), in one
    query for the whole queue."""
    order = list(
        Loan.objects.filter(status=Loan.Status.QUEUED)
        .order_by("queue_number")
        .values_list("pk", flat=True)
    )
    wanted = set(order if loan_ids is None else loan_ids)
    return {pk: i for i, pk in enumerate(order, start=1) if pk in wanted}


def committed_amount() -> Decimal:
    """Approved loans whose funds are reserved but not yet disbursed."""
    total = Loan.objects.filter(status=Loan.Status.APPROVED).aggregate(s=Sum("amount"))["s"]
    return total or ZERO


def liquidity_reserve(*, as_of: date | None = None, bylaws=None) -> Decimal:
    """The by-laws' minimum liquidity reserve (``bylaws``: the version in force on ``as_of``
    when the caller has read it already)."""
    bylaws = bylaws if bylaws is not None else bylaws_current(as_of=as_of)
    return Decimal(getattr(bylaws, "min_liquidity_reserve", None) or ZERO)


def available_funds(*, as_of: date | None = None, books=None, bylaws=None) -> Decimal:
    """Cash + bank − the by-laws' minimum liquidity reserve − approved loans whose funds are
    reserved but not yet disbursed (loans still queued are not counted: they wait for these
    funds). ``books`` (``statements.books_as_of(as_of=as_of)``) and ``bylaws`` (in force on
    ``as_of``): what the caller has read already."""
    require_tenant_schema()
    if books is not None:
        cash, bank = books.balance(chart.CASH), books.balance(chart.BANK)
    else:
        cash = account_balance(account=chart.CASH, as_of=as_of)
        bank = account_balance(account=chart.BANK, as_of=as_of)
    reserve = liquidity_reserve(as_of=as_of, bylaws=bylaws)
    return cash + bank - reserve - committed_amount()


def loan_portfolio_summary(*, as_of: date) -> dict:
    """Loans outstanding by collectibility class (five classes, as of the last close of
    business), the NPL ratio (kurang lancar + diragukan + macet over the outstanding), the
    allowance held for the active loans and the funding queue."""
    require_tenant_schema()
    buckets = {b: {"count": 0, "outstanding": ZERO} for b in aging.BUCKETS}
    rows = (
        Loan.objects.filter(status=Loan.Status.ACTIVE, disbursed_on__lte=as_of)
        .values("bucket")
        .annotate(
            count=Count("id"), outstanding=Sum("outstanding_principal"), allowance=Sum("allowance")
        )
    )
    allowance = ZERO
    for row in rows:
        buckets[row["bucket"]] = {"count": row["count"], "outstanding": row["outstanding"]}
        allowance += row["allowance"] or ZERO
    count = sum(b["count"] for b in buckets.values())
    outstanding = sum((b["outstanding"] for b in buckets.values()), ZERO)
    non_performing = sum((buckets[b]["outstanding"] for b in aging.NON_PERFORMING), ZERO)
    npl = (
        (non_performing / outstanding).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        if outstanding
        else Decimal("0.0000")
    )
    queue = Loan.objects.filter(status=Loan.Status.QUEUED).aggregate(n=Count("id"), s=Sum("amount"))
    return {
        "count": count,
        "outstanding": outstanding,
        "buckets": buckets,
        "npl_ratio": npl,
        "non_performing": non_performing,
        "allowance": allowance,
        "queue_length": queue["n"] or 0,
        "queue_amount": queue["s"] or ZERO,
    }


def payoff_split(
    *, instalments: list[Instalment], rule: str, on: date, disbursed_on: date | None = None
) -> dict:
    """What closing the loan on ``on`` costs: everything due by then, plus the principal of the
    later instalments and their jasa as far as the product's early-payoff rule charges it.

    ``pro_rata`` (the default rule): the jasa of the instalment period running on ``on`` by the
    days elapsed in it (from the previous due date, or the disbursement for the first), rounded
    down to the rupiah; later periods' jasa is not charged."""
    due = ZERO
    principal_rest = ZERO
    jasa_charged = ZERO
    jasa_waived = ZERO
    first_future = True
    previous_due = disbursed_on
    for inst in sorted(instalments, key=lambda i: i.number):
        if inst.due_date <= on:
            due += inst.penalty_due + inst.jasa_due + inst.principal_due
            previous_due = inst.due_date
            continue
        principal_rest += inst.principal_due
        if rule == LoanProduct.EarlyPayoffJasa.FULL or (
            rule == LoanProduct.EarlyPayoffJasa.NEXT and first_future
        ):
            charge = inst.jasa_due
        elif rule == LoanProduct.EarlyPayoffJasa.PRO_RATA and first_future:
            start = previous_due or schedule.add_months(inst.due_date, -1)
            period_days = max((inst.due_date - start).days, 1)
            days = min(max((on - start).days, 0), period_days)
            earned = schedule.floor_rupiah((inst.jasa - inst.jasa_waived) * days / period_days)
            charge = min(max(earned - inst.jasa_paid, ZERO), inst.jasa_due)
        else:
            charge = ZERO
        jasa_charged += charge
        jasa_waived += inst.jasa_due - charge
        first_future = False
    return {
        "due": due,
        "principal_rest": principal_rest,
        "jasa_charged": jasa_charged,
        "jasa_waived": jasa_waived,
        "total": due + principal_rest + jasa_charged,
    }


def loan_payoff_quote(*, loan_id: int, on: date) -> dict:
    loan = loan_get(loan_id=loan_id)
    return payoff_split(
        instalments=list(loan.instalments.all()),
        rule=loan.product.early_payoff_jasa,
        on=on,
        disbursed_on=loan.disbursed_on,
    )


def loan_receivable_by_member() -> dict[int, Decimal]:
    """Outstanding principal per member from the loan book (active loans)."""
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        Loan.objects.filter(status=Loan.Status.ACTIVE)
        .values("member_id")
        .annotate(s=Sum("outstanding_principal"))
        .filter(~Q(s=0))
    )
    for row in rows:
        out[row["member_id"]] = row["s"]
    return dict(out)


def jasa_accrual_differences() -> dict[str, tuple[Decimal, Decimal]]:
    """Accounts of the jasa accrual whose ledger balance differs from the loan book:
    {code: (ledger, loan book)} for piutang jasa (Σ accrued − paid where positive) and jasa
    received in advance (Σ paid − accrued where positive) — empty when the books agree."""
    rows = Instalment.objects.aggregate(
        receivable=Sum(
            F("jasa_accrued") - F("jasa_paid"), filter=Q(jasa_accrued__gt=F("jasa_paid"))
        ),
        unearned=Sum(F("jasa_paid") - F("jasa_accrued"), filter=Q(jasa_paid__gt=F("jasa_accrued"))),
    )
    book = {
        chart.LOAN_SERVICE_RECEIVABLE: rows["receivable"] or ZERO,
        chart.LOAN_SERVICE_UNEARNED: rows["unearned"] or ZERO,
    }
    out = {}
    for code, expected in book.items():
        ledger = account_balance(account=code)
        if ledger != expected:
            out[code] = (ledger, expected)
    return out


def loan_ledger_differences() -> dict[int, tuple[Decimal, Decimal]]:
    """Members whose LOANS_RECEIVABLE sub-ledger differs from their loans' outstanding
    principal: {member_id: (ledger, loan book)} — empty when the books agree."""
    book = loan_receivable_by_member()
    ledger = {k: v for k, v in member_balances(account=chart.LOANS_RECEIVABLE).items() if v}
    return {
        member_id: (ledger.get(member_id, ZERO), book.get(member_id, ZERO))
        for member_id in set(book) | set(ledger)
        if ledger.get(member_id, ZERO) != book.get(member_id, ZERO)
    }
