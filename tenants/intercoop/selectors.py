"""Reads of the inter-cooperative books: balances per counterparty cooperative (for the
snapshots and the consolidation), loans with their aging, and the reconciliation of the two
sides of every pair."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.intercoop.models import CapitalEntry, Loan, Side
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import member_balances
from sokoguru.tenants.loans.aging import bucket_for, days_past_due
from sokoguru.tenants.members.models import Member

ZERO = Decimal("0.00")
BALANCE_KEYS = (
    "capital_held",
    "capital_pokok",
    "capital_wajib",
    "capital_invested",
    "loan_receivable",
    "loan_payable",
)


def _counterparty_balances(*, account: str, as_of: date | None) -> dict[int, Decimal]:
    """counterparty registry id -> balance of ``account`` (and sub-accounts) from the
    inter-cooperative postings, whose ``source_id`` starts with the counterparty's id."""
    date_condition = "AND l.date <= %(as_of)s" if as_of is not None else ""
    sql = f"""
        SELECT a.normal_balance, split_part(t.source_id, ':', 1)::bigint,
               sum(l.debit) - sum(l.credit)
          FROM ledger_journalleg l
          JOIN ledger_journaltransaction t ON t.id = l.transaction_id
          JOIN ledger_account a ON a.code = %(account)s
         WHERE (l.account_code = %(account)s OR l.account_code LIKE %(account)s || '.%%')
           AND t.source_kind LIKE 'intercoop.%%'
           {date_condition}
         GROUP BY a.normal_balance, split_part(t.source_id, ':', 1)
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"account": account, "as_of": as_of})
        rows = cur.fetchall()
    out = {}
    for normal, counterparty, net in rows:
        net = Decimal(net).quantize(ZERO)
        out[int(counterparty)] = net if normal == chart.DEBIT else -net
    return out


def _member_cooperatives() -> dict[int, int]:
    """member id -> registry id of the member cooperatives in this (sekunder's) member book."""
    return dict(
        Member.objects.filter(kind=Member.Kind.COOPERATIVE).values_list("pk", "cooperative_id")
    )


def intercoop_balances(*, as_of: date | None = None, books=None) -> dict[int, dict[str, Decimal]]:
    """In the current cooperative's schema: per counterparty cooperative (registry id), what
    this cooperative holds from or owes to it — ``capital_held`` (pokok + wajib of a member
    cooperative, in a sekunder), ``capital_invested`` (penyertaan in a sekunder, in a primary),
    ``loan_receivable`` (sekunder) and ``loan_payable`` (primary). Aggregates only, no member
    data; counterparties with all four at zero are left out. A handful of queries."""
    require_tenant_schema()
    out: dict[int, dict[str, Decimal]] = {}

    def put(counterparty: int, key: str, value: Decimal) -> None:
        if value:
            row = out.setdefault(counterparty, dict.fromkeys(BALANCE_KEYS, ZERO))
            row[key] += value

    coops = _member_cooperatives()
    if coops:
        for account, key in (
            (chart.SIMPANAN_POKOK, "capital_pokok"),
            (chart.SIMPANAN_WAJIB, "capital_wajib"),
        ):
            for member_id, value in member_balances(account=account, as_of=as_of).items():
                if member_id in coops:
                    put(coops[member_id], "capital_held", value)
                    put(coops[member_id], key, value)
        for member_id, value in member_balances(
            account=chart.INTER_COOP_LOANS_RECEIVABLE, as_of=as_of
        ).items():
            if member_id in coops:
                put(coops[member_id], "loan_receivable", value)
    for account, key in (
        (chart.PENYERTAAN_SEKUNDER, "capital_invested"),
        (chart.LOAN_FROM_SEKUNDER, "loan_payable"),
    ):
        if books is not None and not books.has_legs(account):
            continue  # no leg on the account by then: no counterparty balance to read
        for cp, value in _counterparty_balances(account=account, as_of=as_of).items():
            put(cp, key, value)
    return out


def capital_entry_list(*, counterparty_id: int | None = None) -> QuerySet[CapitalEntry]:
    qs = CapitalEntry.objects.all()
    if counterparty_id is not None:
        qs = qs.filter(counterparty_id=counterparty_id)
    return qs.order_by("-date", "-id")


def loan_list(*, side: str | None = None, status: str | None = None) -> QuerySet[Loan]:
    qs = Loan.objects.prefetch_related("installments")
    if side:
        qs = qs.filter(side=side)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def loan_get(*, reference) -> Loan:
    from sokoguru.platform.core.errors import NotFound

    loan = Loan.objects.prefetch_related("installments").filter(reference=reference).first()
    if loan is None:
        raise NotFound("Pinjaman antarkoperasi tidak ditemukan. / Loan not found.", field="loan")
    return loan


@dataclass(frozen=True)
class LoanStanding:
    outstanding_principal: Decimal
    outstanding_jasa: Decimal
    days_past_due: int
    bucket: str
    next_due_date: date | None


def loan_standing(*, loan: Loan, as_of: date) -> LoanStanding:
    """Outstanding amounts and aging (the loans app's days past due and collectibility buckets)
    of one inter-cooperative loan; uses the prefetched instalments."""
    installments = sorted(loan.installments.all(), key=lambda i: i.number)
    principal = sum((i.principal - i.principal_paid for i in installments), ZERO)
    jasa = sum((i.jasa - i.jasa_paid for i in installments), ZERO)
    unpaid = [i for i in installments if not i.is_paid]
    oldest = unpaid[0].due_date if unpaid and loan.status == Loan.Status.DISBURSED else None
    days = days_past_due(as_of=as_of, oldest_unpaid_due_date=oldest)
    return LoanStanding(
        outstanding_principal=principal,
        outstanding_jasa=jasa,
        days_past_due=days,
        bucket=bucket_for(days),
        next_due_date=unpaid[0].due_date if unpaid else None,
    )


@dataclass(frozen=True)
class PairReconciliation:
    member_cooperative_id: int
    member_cooperative_name: str
    capital_held: Decimal  # in the sekunder's books
    capital_invested: Decimal  # in the member cooperative's books
    loan_receivable: Decimal  # in the sekunder's books
    loan_payable: Decimal  # in the member cooperative's books

    @property
    def capital_difference(self) -> Decimal:
        return self.capital_held - self.capital_invested

    @property
    def loan_difference(self) -> Decimal:
        return self.loan_receivable - self.loan_payable

    @property
    def reconciled(self) -> bool:
        return not self.capital_difference and not self.loan_difference


def intercoop_reconciliation(
    *, sekunder: Cooperative, as_of: date | None = None
) -> list[PairReconciliation]:
    """For every member cooperative of ``sekunder``: the sekunder's equity held and loan
    receivable against the member cooperative's penyertaan and payable to the sekunder, read
    from both ledgers. A pair whose differences are not zero is not reconciled. Reads each
    member cooperative's schema (a check for the sekunder's officers and for operations, not a
    federation request)."""
    with cooperative_schema(sekunder):
        mine = intercoop_balances(as_of=as_of)
        members = list(
            Member.objects.filter(kind=Member.Kind.COOPERATIVE)
            .order_by("full_name")
            .values_list("cooperative_id", "full_name")
        )
    rows = []
    registry = Cooperative.objects.in_bulk([cid for cid, _ in members])
    for cooperative_id, name in members:
        primary = registry.get(cooperative_id)
        theirs: dict = {}
        if primary is not None:
            with cooperative_schema(primary):
                theirs = intercoop_balances(as_of=as_of).get(sekunder.pk, {})
        held = mine.get(cooperative_id, {})
        rows.append(
            PairReconciliation(
                member_cooperative_id=cooperative_id,
                member_cooperative_name=name,
                capital_held=held.get("capital_held", ZERO),
                capital_invested=theirs.get("capital_invested", ZERO),
                loan_receivable=held.get("loan_receivable", ZERO),
                loan_payable=theirs.get("loan_payable", ZERO),
            )
        )
    return rows


def sekunder_overview(*, as_of: date) -> dict:
    """The sekunder chair's figures (in the sekunder's schema): capital per member cooperative,
    loans to members with their standing, and totals."""
    require_tenant_schema()
    balances = intercoop_balances(as_of=as_of)
    names = dict(
        Member.objects.filter(kind=Member.Kind.COOPERATIVE).values_list(
            "cooperative_id", "full_name"
        )
    )
    loans = list(loan_list(side=Side.SEKUNDER))
    loan_rows = [
        (loan, names.get(loan.counterparty_id, ""), loan_standing(loan=loan, as_of=as_of))
        for loan in loans
    ]
    capital_rows = [
        (names.get(cid, str(cid)), values["capital_held"])
        for cid, values in sorted(balances.items(), key=lambda kv: names.get(kv[0], ""))
        if values["capital_held"]
    ]
    return {
        "capital_rows": capital_rows,
        "capital_total": sum((v for _, v in capital_rows), ZERO),
        "loan_rows": loan_rows,
        "loans_outstanding": sum(
            (
                s.outstanding_principal
                for loan, _, s in loan_rows
                if loan.status == Loan.Status.DISBURSED
            ),
            ZERO,
        ),
    }


def member_housing_facts(*, member_id: int) -> dict:
    """In a primary's schema: what a housing programme's eligibility rules read about one of its
    members — name and NIK (for the primary; they leave it only under consent), whether the
    member is active, and how many months of simpanan wajib are paid."""
    from sokoguru.tenants.savings.models import WajibBill

    member = Member.objects.filter(pk=member_id, kind=Member.Kind.PERSON).first()
    if member is None:
        from sokoguru.platform.core.errors import NotFound

        raise NotFound("Anggota tidak ditemukan. / Member not found.", field="member_id")
    return {
        "full_name": member.full_name,
        "nik": member.nik,
        "active": member.status == Member.Status.ACTIVE,
        "wajib_months_paid": WajibBill.objects.filter(
            member_id=member.pk, paid_on__isnull=False
        ).count(),
    }


def intercoop_jasa_paid(*, start: date, end: date) -> dict[int, Decimal]:
    """In a sekunder: jasa each member cooperative paid on its inter-cooperative loans in
    [start, end], per member-book id — the SHU participation source ``intercoop_loan_jasa``
    (jasa usaha of a sekunder's SHU). One query."""
    from django.db.models import Sum

    from sokoguru.tenants.intercoop.models import Repayment

    coops = {cid: pk for pk, cid in _member_cooperatives().items()}
    rows = (
        Repayment.objects.filter(
            loan__side=Side.SEKUNDER, date__gte=start, date__lte=end, jasa__gt=0
        )
        .values("loan__counterparty_id")
        .annotate(jasa=Sum("jasa"))
        .order_by()
    )
    return {
        coops[row["loan__counterparty_id"]]: row["jasa"]
        for row in rows
        if row["loan__counterparty_id"] in coops
    }
