"""Reads for savings. Balances come from the ledger's member sub-ledgers (the source of truth);
bills, batches and settlements from this app's tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today, month_start
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg
from sokoguru.tenants.ledger.selectors import account_balance, member_balances
from sokoguru.tenants.savings.models import (
    KIND_ACCOUNTS,
    ExitSettlement,
    PayrollBatch,
    SavingsKind,
    WajibBill,
)

ZERO = Decimal("0.00")


def member_savings_balances(*, member_id: int, as_of: date | None = None) -> dict[str, Decimal]:
    """{"pokok", "wajib", "sukarela", "total", "loans_outstanding"} of one member from the
    ledger (loans outstanding: the member's LOANS_RECEIVABLE sub-ledger)."""
    require_tenant_schema()
    balances = {
        kind: account_balance(account=account, as_of=as_of, member_id=member_id)
        for kind, account in KIND_ACCOUNTS.items()
    }
    balances = {str(kind): Decimal(value) for kind, value in balances.items()}
    balances["total"] = sum(balances.values(), ZERO)
    balances["loans_outstanding"] = Decimal(
        account_balance(account=chart.LOANS_RECEIVABLE, as_of=as_of, member_id=member_id)
    )
    return balances


def member_savings_total(*, member_id: int, as_of: date | None = None) -> Decimal:
    """Pokok + wajib + sukarela of one member, from the ledger member sub-ledgers."""
    require_tenant_schema()
    return sum(
        (
            Decimal(account_balance(account=account, as_of=as_of, member_id=member_id))
            for account in KIND_ACCOUNTS.values()
        ),
        ZERO,
    )


def savings_balances_by_member(*, as_of: date | None = None) -> dict[int, dict[str, Decimal]]:
    """member id → {"pokok", "wajib", "sukarela", "total"} for every member with a balance
    (three queries whatever the number of members)."""
    require_tenant_schema()
    out: dict[int, dict[str, Decimal]] = {}
    for kind, account in KIND_ACCOUNTS.items():
        for member_id, balance in member_balances(account=account, as_of=as_of).items():
            row = out.setdefault(
                member_id, {"pokok": ZERO, "wajib": ZERO, "sukarela": ZERO, "total": ZERO}
            )
            row[str(kind)] = Decimal(balance)
            row["total"] += Decimal(balance)
    return out


def savings_balances_for_members(
    *, member_ids: list[int], as_of: date | None = None
) -> dict[int, dict[str, Decimal]]:
    """member id → {"pokok", "wajib", "sukarela", "total", "loans_outstanding"} for the given
    members (a page of a list), in one query on the ledger legs. Every id is present."""
    require_tenant_schema()
    accounts = {
        **{str(kind): code for kind, code in KIND_ACCOUNTS.items()},
        "loans_outstanding": chart.LOANS_RECEIVABLE,
    }
    empty = {key: ZERO for key in ("pokok", "wajib", "sukarela", "total", "loans_outstanding")}
    out = {member_id: dict(empty) for member_id in member_ids}
    if not member_ids:
        return out
    by_code = {code: key for key, code in accounts.items()}
    condition = Q()
    for code in accounts.values():
        condition |= Q(account_id=code) | Q(account__code__startswith=code + ".")
    legs = JournalLeg.objects.filter(condition, member_id__in=member_ids)
    if as_of is not None:
        legs = legs.filter(date__lte=as_of)
    rows = legs.values("member_id", "account_id").annotate(debit=Sum("debit"), credit=Sum("credit"))
    for row in rows.order_by():
        code = row["account_id"]
        root = code.split(".", 1)[0]
        key = by_code.get(code) or by_code.get(root)
        if key is None:
            continue
        if key == "loans_outstanding":  # debit-normal asset
            amount = row["debit"] - row["credit"]
        else:  # savings are credit-normal
            amount = row["credit"] - row["debit"]
        out[row["member_id"]][key] += amount
    for balances in out.values():
        balances["total"] = balances["pokok"] + balances["wajib"] + balances["sukarela"]
    return out


def _arrears_filter(as_of: date) -> Q:
    return Q(period__lt=month_start(as_of), paid_amount__lt=F("amount"), waived_on__isnull=True)


def wajib_arrears_summary(*, as_of: date) -> dict:
    """Unpaid simpanan wajib of months already ended on ``as_of``:
    {"members": int, "months": int, "amount": Decimal}."""
    require_tenant_schema()
    row = WajibBill.objects.filter(_arrears_filter(as_of)).aggregate(
        members=Count("member_id", distinct=True),
        months=Count("id"),
        amount=Sum(F("amount") - F("paid_amount")),
    )
    return {
        "members": row["members"] or 0,
        "months": row["months"] or 0,
        "amount": row["amount"] or ZERO,
    }


def member_wajib_arrears(*, member_id: int, as_of: date | None = None) -> dict:
    """One member's unpaid wajib of ended months: {"months": int, "amount": Decimal}."""
    require_tenant_schema()
    as_of = as_of or cooperative_today()
    row = WajibBill.objects.filter(_arrears_filter(as_of), member_id=member_id).aggregate(
        months=Count("id"), amount=Sum(F("amount") - F("paid_amount"))
    )
    return {"months": row["months"] or 0, "amount": row["amount"] or ZERO}


def wajib_arrears_by_member(*, as_of: date, member_ids=None) -> dict[int, int]:
    """member id → number of unpaid ended months (members without arrears are absent).
    One grouped query; ``member_ids`` (any number) is passed as one array parameter."""
    require_tenant_schema()
    sql = (
        f"SELECT member_id, count(*) FROM {WajibBill._meta.db_table} "  # noqa: S608
        "WHERE period < %s AND paid_amount < amount AND waived_on IS NULL"
    )
    params: list = [month_start(as_of)]
    if member_ids is not None:
        sql += " AND member_id = ANY(%s)"
        params.append(list(member_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql + " GROUP BY member_id", params)
        return dict(cursor.fetchall())


def wajib_bill_list(*, member_id: int | None = None, period: date | None = None) -> QuerySet:
    require_tenant_schema()
    qs = WajibBill.objects.all()
    if member_id is not None:
        qs = qs.filter(member_id=member_id)
    if period is not None:
        qs = qs.filter(period=month_start(period))
    return qs.order_by("member_id", "period")


def payroll_batch_list(*, period: date | None = None) -> QuerySet[PayrollBatch]:
    require_tenant_schema()
    qs = PayrollBatch.objects.all()
    if period is not None:
        qs = qs.filter(period=month_start(period))
    return qs.order_by("-period", "-id")


@dataclass
class PassbookLine:
    date: date
    description: str
    debit: Decimal  # money out of the savings (withdrawal)
    credit: Decimal  # money into the savings (deposit, jasa)
    balance: Decimal
    journal_transaction_id: int


@dataclass
class Passbook:
    member_id: int
    kind: str
    start: date
    end: date
    opening_balance: Decimal
    closing_balance: Decimal
    lines: list[PassbookLine] = field(default_factory=list)

    @property
    def total_credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)


SAVINGS_KINDS = tuple(SavingsKind.values)


def passbook(*, member_id: int, kind: str, start: date, end: date) -> Passbook:
    """The member's statement of one savings kind for [start, end]: opening balance, every
    posting on the member's sub-ledger (savings, payroll, SHU, corrections …) with a running
    balance, closing balance. Read from the ledger, so it always agrees with the balances."""
    require_tenant_schema()
    if kind not in KIND_ACCOUNTS:
        raise NotFound("Jenis simpanan tidak dikenal. / Unknown savings kind.", field="kind")
    if start > end:
        raise ValidationError({"start": "Tanggal awal setelah tanggal akhir. / Start after end."})
    account = KIND_ACCOUNTS[kind]
    opening = Decimal(
        account_balance(account=account, as_of=start - timedelta(days=1), member_id=member_id)
    )
    legs = (
        JournalLeg.objects.filter(
            Q(account_id=account) | Q(account__code__startswith=account + "."),
            member_id=member_id,
            date__gte=start,
            date__lte=end,
        )
        .select_related("transaction")
        .order_by("date", "transaction_id", "id")
    )
    book = Passbook(
        member_id=member_id,
        kind=kind,
        start=start,
        end=end,
        opening_balance=opening,
        closing_balance=opening,
    )
    balance = opening
    for leg in legs:
        # Savings accounts are credit-normal: a credit adds to the member's balance.
        balance = balance + leg.credit - leg.debit
        book.lines.append(
            PassbookLine(
                date=leg.date,
                description=leg.transaction.description,
                debit=leg.debit,
                credit=leg.credit,
                balance=balance,
                journal_transaction_id=leg.transaction_id,
            )
        )
    book.closing_balance = balance
    return book


def sukarela_jasa_balances(*, start: date, end: date, basis: str) -> dict[int, Decimal]:
    """member_id → the sukarela balance jasa is paid on for the days ``start``…``end``: the
    lowest end-of-day balance of those days (``lowest``; the balance held all month, so a
    deposit held one night earns nothing) or the average of the end-of-day balances
    (``daily_average``, not rounded). Two queries."""
    require_tenant_schema()
    opening = member_balances(account=chart.SIMPANAN_SUKARELA, as_of=start - timedelta(days=1))
    changes: dict[int, dict[date, Decimal]] = {}
    rows = (
        JournalLeg.objects.filter(
            Q(account_id=chart.SIMPANAN_SUKARELA)
            | Q(account__code__startswith=f"{chart.SIMPANAN_SUKARELA}."),
            member_id__isnull=False,
            date__gte=start,
            date__lte=end,
        )
        .values("member_id", "date")
        .annotate(net=Sum(F("credit") - F("debit")))
    )
    for row in rows:
        changes.setdefault(row["member_id"], {})[row["date"]] = Decimal(row["net"])
    days = (end - start).days + 1
    out: dict[int, Decimal] = {}
    for member_id in set(opening) | set(changes):
        balance = Decimal(opening.get(member_id, 0))
        lowest = balance
        total = Decimal(0)
        member_changes = changes.get(member_id, {})
        for offset in range(days):
            balance += member_changes.get(start + timedelta(days=offset), Decimal(0))
            lowest = min(lowest, balance)
            total += balance
        out[member_id] = total / days if basis == "daily_average" else lowest
    return out


def exit_settlements_by_member(*, member_ids: list[int]) -> dict[int, ExitSettlement]:
    """member_id → its exit settlement (members who left); one query for a page of members."""
    require_tenant_schema()
    return {s.member_id: s for s in ExitSettlement.objects.filter(member_id__in=member_ids)}
