"""Reads for SHU: the computation from the books (a simulation any time, final once the year is
closed), proposals, members' shares, unpaid SHU, funds and their movements, withholding."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import fiscal_year_bounds, fiscal_year_of, is_fiscal_year_end
from sokoguru.tenants.ledger.models import FiscalPeriod
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.shu.computation import (
    FUNDS,
    POOLS,
    MemberBasis,
    ShuComputation,
    compute,
)
from sokoguru.tenants.shu.models import (
    NonMemberIncomeAccount,
    ShuFundMovement,
    ShuProposal,
    ShuShare,
)
from sokoguru.tenants.shu.participation import participation_by_member
from sokoguru.tenants.shu.permissions import VIEW_ROLES, require_role

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def income_statement(*, start: date, end: date) -> dict:
    """The ledger's perhitungan hasil usaha (the one place SHU reads it from)."""
    from sokoguru.tenants.ledger.statements import income_statement as ledger_income_statement

    return ledger_income_statement(start=start, end=end)


def _non_member_income(lines: list[dict]) -> Decimal:
    codes = list(NonMemberIncomeAccount.objects.values_list("account_code", flat=True))
    if not codes:
        return ZERO
    total = ZERO
    for line in lines:
        code = line["code"]
        if any(code == c or code.startswith(c + ".") for c in codes):
            total += line["amount"]
    return total


def year_is_closed(*, fiscal_year: int) -> bool:
    """The books of the year are closed through its last day (the by-laws' fiscal year end,
    31 December by default; closing entry posted)."""
    require_tenant_schema()
    year_end = fiscal_year_bounds(fiscal_year)[1]
    return FiscalPeriod.objects.filter(
        status=FiscalPeriod.Status.CLOSED,
        start_date__lte=year_end,
        end_date__gte=year_end,
    ).exists()


def _simpanan_basis(
    *, start: date, end: date, basis: str, members: dict[int, Member]
) -> dict[int, Decimal]:
    """member_id -> simpanan pokok + wajib by the by-laws basis (year-end balance or average
    of the 12 month-end balances). A member who exited in the year counts up to the day before
    leaving (their savings are settled on the exit day). One query."""
    sql = """
        SELECT l.member_id,
               CASE WHEN l.date < %(start)s THEN 0 ELSE extract(month FROM l.date)::int END,
               sum(l.credit - l.debit),
               sum(CASE WHEN m.exited_on IS NULL OR l.date < m.exited_on
                        THEN l.credit - l.debit ELSE 0 END)
          FROM ledger_journalleg l
          JOIN members_member m ON m.id = l.member_id
         WHERE l.member_id IS NOT NULL AND l.date <= %(end)s
           AND (l.account_code IN (%(pokok)s, %(wajib)s)
                OR l.account_code LIKE %(pokok_sub)s OR l.account_code LIKE %(wajib_sub)s)
         GROUP BY 1, 2
    """
    params = {
        "start": start,
        "end": end,
        "pokok": chart.SIMPANAN_POKOK,
        "wajib": chart.SIMPANAN_WAJIB,
        "pokok_sub": chart.SIMPANAN_POKOK + ".%",
        "wajib_sub": chart.SIMPANAN_WAJIB + ".%",
    }
    monthly: dict[int, dict[int, Decimal]] = defaultdict(dict)
    before_exit: dict[int, Decimal] = defaultdict(lambda: ZERO)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for member_id, month, net, net_before_exit in cur.fetchall():
            monthly[member_id][month] = Decimal(net)
            before_exit[member_id] += Decimal(net_before_exit)
    out: dict[int, Decimal] = {}
    for member_id, months in monthly.items():
        member = members.get(member_id)
        if member is None:
            continue
        exited = member.exited_on if member.exited_on and member.exited_on <= end else None
        if basis == BylawsVersion.JmaBasis.MONTHLY_AVERAGE:
            balance = months.get(0, ZERO)
            total = ZERO
            for month in range(1, 13):
                balance += months.get(month, ZERO)
                month_end = _month_end(start.year, month)
                if month_end > end:
                    break
                if exited is None or month_end < exited:
                    total += balance
            out[member_id] = (total / 12).quantize(CENT)
        elif exited is not None:
            out[member_id] = before_exit[member_id].quantize(CENT)
        else:
            out[member_id] = sum(months.values(), ZERO).quantize(CENT)
    return out


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shu_compute(*, fiscal_year: int, as_of: date | None = None) -> ShuComputation:
    """The year's SHU from the books: final when the year is closed, otherwise a simulation
    from the figures up to ``as_of`` (today by default). No role check (used by services)."""
    require_tenant_schema()
    start, year_end = fiscal_year_bounds(fiscal_year)
    final = year_is_closed(fiscal_year=fiscal_year)
    end = year_end
    if not final:
        end = min(as_of or cooperative_today(), year_end)
        if end < start:
            end = start
    bylaws = bylaws_current(as_of=end)
    statement = income_statement(start=start, end=end)
    members = {
        m.pk: m
        for m in Member.objects.filter(joined_on__lte=end)
        .exclude(exited_on__lt=start)
        .only("id", "number", "full_name", "joined_on", "exited_on", "status")
    }
    if bylaws.shu_exited_rule == BylawsVersion.ExitedRule.EXCLUDED:
        members = {pk: m for pk, m in members.items() if not (m.exited_on and m.exited_on <= end)}
    simpanan = _simpanan_basis(start=start, end=end, basis=bylaws.shu_jma_basis, members=members)
    participation = participation_by_member(
        names=bylaws.shu_participation_source_names, start=start, end=end
    )
    bases = [
        MemberBasis(
            member_id=m.pk,
            number=m.number,
            name=m.full_name,
            simpanan=simpanan.get(m.pk, ZERO),
            participation=Decimal(participation.get(m.pk, ZERO)),
        )
        for m in sorted(members.values(), key=lambda m: m.number)
    ]
    return compute(
        fiscal_year=fiscal_year,
        start=start,
        end=end,
        final=final,
        bylaws=bylaws,
        income=statement["income"],
        non_member_income=_non_member_income(statement["income_lines"]),
        shu=statement["surplus"],
        members=bases,
    )


def shu_simulate(
    *, fiscal_year: int, user_id: int | None, as_of: date | None = None
) -> ShuComputation:
    """A draft of the year's SHU from the current figures (any time; nothing is saved)."""
    require_role(user_id, VIEW_ROLES, field="user_id")
    return shu_compute(fiscal_year=fiscal_year, as_of=as_of)


def shu_proposal_for_year(*, fiscal_year: int) -> ShuProposal | None:
    require_tenant_schema()
    return ShuProposal.objects.filter(fiscal_year=fiscal_year).first()


def shu_proposal_get(*, proposal_id: int) -> ShuProposal:
    require_tenant_schema()
    proposal = ShuProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound("Usulan SHU tidak ditemukan. / SHU proposal not found.", field="proposal_id")
    return proposal


def shu_proposal_list() -> QuerySet[ShuProposal]:
    require_tenant_schema()
    return ShuProposal.objects.order_by("-fiscal_year")


def shu_share_list(
    *, proposal_id: int, unpaid: bool | None = None, member_id: int | None = None
) -> QuerySet[ShuShare]:
    require_tenant_schema()
    qs = ShuShare.objects.filter(proposal_id=proposal_id)
    if unpaid is True:
        qs = qs.filter(payout=ShuShare.Payout.UNPAID)
    elif unpaid is False:
        qs = qs.exclude(payout=ShuShare.Payout.UNPAID)
    if member_id is not None:
        qs = qs.filter(member_id=member_id)
    return qs.order_by("member_number")


def shu_unpaid_list() -> QuerySet[ShuShare]:
    """SHU distributed and not yet paid (still a liability, utang SHU), oldest year first."""
    require_tenant_schema()
    return (
        ShuShare.objects.filter(
            proposal__status=ShuProposal.Status.DISTRIBUTED,
            payout=ShuShare.Payout.UNPAID,
            net__gt=0,
        )
        .select_related("proposal")
        .order_by("proposal__fiscal_year", "member_number")
    )


def shu_fund_balances(*, as_of: date | None = None) -> list[dict]:
    """Each fund (dana pengurus, karyawan, pendidikan, sosial, pembangunan, lain) with its
    balance from the ledger."""
    require_tenant_schema()
    out = []
    for key in FUNDS:
        label, account = POOLS[key]
        out.append(
            {
                "key": key,
                "label": label,
                "account_code": account,
                "balance": account_balance(account=account, as_of=as_of),
            }
        )
    return out


def shu_fund_movement_list(*, fund: str | None = None) -> QuerySet[ShuFundMovement]:
    require_tenant_schema()
    qs = ShuFundMovement.objects.all()
    if fund:
        qs = qs.filter(fund=fund)
    return qs.order_by("-date", "-id")


def shu_withholding_report(*, proposal_id: int) -> dict:
    """Members whose SHU was withheld, with the totals (for the tax report)."""
    proposal = shu_proposal_get(proposal_id=proposal_id)
    shares = list(shu_share_list(proposal_id=proposal.pk).filter(withheld__gt=0))
    return {
        "proposal": proposal,
        "shares": shares,
        "gross": sum((s.gross for s in shares), ZERO),
        "withheld": sum((s.withheld for s in shares), ZERO),
    }


def shu_last_closed_year(*, as_of: date | None = None) -> dict | None:
    """The last closed fiscal year's SHU for oversight: year, SHU, distributed or not and the
    date of distribution (as known on ``as_of``: a year ending before it, a distribution on or
    before it). None before any year is closed."""
    require_tenant_schema()
    periods = FiscalPeriod.objects.filter(status=FiscalPeriod.Status.CLOSED)
    if as_of is not None:
        periods = periods.filter(end_date__lt=as_of)
    period = next(
        (p for p in periods.order_by("-end_date")[:24] if is_fiscal_year_end(p.end_date)), None
    )
    if period is None:
        return None
    year = fiscal_year_of(period.end_date)
    proposal = shu_proposal_for_year(fiscal_year=year)
    if proposal is not None:
        shu = proposal.shu
    else:
        start, end = fiscal_year_bounds(year)
        shu = income_statement(start=start, end=end)["surplus"]
    distributed = (
        proposal is not None
        and proposal.status == ShuProposal.Status.DISTRIBUTED
        and (as_of is None or proposal.distributed_on <= as_of)
    )
    return {
        "fiscal_year": year,
        "shu": shu,
        "distributed": distributed,
        "distributed_on": proposal.distributed_on if distributed else None,
    }
