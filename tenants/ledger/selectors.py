"""Reads from the books: accounts, transactions and balances (the financial statements are in
``statements``).

Amounts are ``Decimal``. A balance is signed by its account's normal balance (a credit-normal
account with more credits is positive).
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import Account, FiscalPeriod, JournalLeg, JournalTransaction

ZERO = Decimal("0.00")


# --- Accounts and transactions ------------------------------------------------------------


def account_list(*, type: str | None = None, active: bool | None = None) -> QuerySet:
    require_tenant_schema()
    qs = Account.objects.all()
    if type:
        qs = qs.filter(type=type)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("code")


def _under(code: str, field: str = "code") -> Q:
    """An account and its sub-accounts (codes ``<code>.…``)."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def transaction_list(
    *,
    start: Date | None = None,
    end: Date | None = None,
    account: str | None = None,
    member_id: int | None = None,
    source_kind: str | None = None,
    source_id: str | None = None,
    with_legs: bool = False,
) -> QuerySet:
    """Transactions, newest first, filtered by date range, account (incl. sub-accounts),
    member sub-ledger and source document."""
    require_tenant_schema()
    qs = JournalTransaction.objects.all()
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    if account or member_id is not None:
        legs = JournalLeg.objects.filter(transaction_id=OuterRef("pk"))
        if account:
            legs = legs.filter(
                account_id__in=Account.objects.filter(_under(account)).values("code")
            )
        if member_id is not None:
            legs = legs.filter(member_id=member_id)
        qs = qs.filter(Exists(legs))
    if source_kind:
        qs = qs.filter(source_kind=source_kind)
    if source_id:
        qs = qs.filter(source_id=source_id)
    if with_legs:
        qs = qs.prefetch_related(
            Prefetch("legs", queryset=JournalLeg.objects.select_related("account").order_by("id"))
        )
    return qs.order_by("-date", "-id")


def fiscal_period_list(*, status: str | None = None) -> QuerySet:
    require_tenant_schema()
    qs = FiscalPeriod.objects.all()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-start_date")


def is_date_closed(*, day: Date) -> bool:
    require_tenant_schema()
    return FiscalPeriod.objects.filter(
        status=FiscalPeriod.Status.CLOSED, start_date__lte=day, end_date__gte=day
    ).exists()


# --- Balances -----------------------------------------------------------------------------

# The account and its sub-accounts, joined to the legs: a nested loop reading each account's
# legs from the (account, date) index.
_UNDER = "(c.code = %(account)s OR left(c.code, length(%(account)s) + 1) = %(account)s || '.')"


def code_under(code: str, account: str) -> bool:
    """``_UNDER`` in Python: ``code`` is ``account`` or one of its sub-accounts."""
    return code == account or code.startswith(account + ".")


def balance_of(
    account: str, accounts: dict, sums: dict[str, dict[str, Decimal]], *, bucket: str
) -> Decimal:
    """``account_balance`` from sums already read per account code (``statements._sums``):
    the net of ``account`` and its sub-accounts in ``bucket``, signed by its normal balance."""
    found = accounts.get(account)
    if found is None:
        raise NotFound(f"Akun tidak dikenal: {account!r}.", field="account")
    net = sum(
        (row[bucket] for code, row in sums.items() if code_under(code, account)), ZERO
    ).quantize(ZERO)
    return net if found.normal_balance == chart.DEBIT else -net


def account_balance(
    *, account: str, as_of: Date | None = None, member_id: int | None = None
) -> Decimal:
    """Balance of ``account`` and its sub-accounts on ``as_of`` (inclusive; all dates when
    None), optionally of one member's sub-ledger. One query, read from the (account, date)
    index."""
    require_tenant_schema()
    conditions = [_UNDER]
    params: dict = {"account": account}
    if as_of is not None:
        conditions.append("l.date <= %(as_of)s")
        params["as_of"] = as_of
    if member_id is not None:
        conditions.append("l.member_id = %(member_id)s")
        params["member_id"] = member_id
    sql = f"""
        SELECT (SELECT a.normal_balance FROM ledger_account a WHERE a.code = %(account)s),
               (SELECT coalesce(sum(l.debit), 0) - coalesce(sum(l.credit), 0)
                  FROM ledger_account c
                  JOIN ledger_journalleg l ON l.account_code = c.code
                 WHERE {" AND ".join(conditions)})
    """
    with connection.cursor() as cur:
        cur.execute(sql, params)
        normal, net = cur.fetchone()
    if normal is None:
        raise NotFound(f"Akun tidak dikenal: {account!r}.", field="account")
    net = Decimal(net).quantize(ZERO)
    return net if normal == chart.DEBIT else -net


def member_balances(*, account: str, as_of: Date | None = None) -> dict[int, Decimal]:
    """member_id -> balance of ``account`` (and sub-accounts) on ``as_of``; one query."""
    require_tenant_schema()
    date_condition = "AND l.date <= %(as_of)s" if as_of is not None else ""
    sql = f"""
        SELECT a.normal_balance, s.member_id, s.net
          FROM ledger_account a
          LEFT JOIN (
                SELECT l.member_id, sum(l.debit) - sum(l.credit) AS net
                  FROM ledger_account c
                  JOIN ledger_journalleg l ON l.account_code = c.code
                 WHERE l.member_id IS NOT NULL
                   AND {_UNDER}
                   {date_condition}
                 GROUP BY l.member_id
          ) s ON true
         WHERE a.code = %(account)s
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"account": account, "as_of": as_of})
        rows = cur.fetchall()
    if not rows:
        raise NotFound(f"Akun tidak dikenal: {account!r}.", field="account")
    out: dict[int, Decimal] = {}
    for normal, member_id, net in rows:
        if member_id is None:
            continue
        net = Decimal(net).quantize(ZERO)
        out[member_id] = net if normal == chart.DEBIT else -net
    return out
