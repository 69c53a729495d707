"""Demo SHU: last year's books closed (bendahara asks, ketua confirms), its SHU proposed by the
bendahara, the RAT decision recorded by the ketua, distributed by the ketua, and the first
members paid into their simpanan sukarela by the kasir (the rest stays owed, utang SHU). The current
year is left open: its SHU is a simulation from the figures so far.

The books start a year before today, so last year holds only its last months; the part of last
year kept by hand before them is moved out of the opening reserve into last year's income (one
journal), giving last year a full year's SHU.

Idempotent: skipped in a cooperative once last year's proposal exists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.db import transaction

from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.platform.tenancy.context import switch_to_cooperative
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import FiscalPeriod, JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import (
    Leg,
    period_close_confirm,
    period_close_request,
    transaction_post,
)
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.shu.models import ShuProposal
from sokoguru.tenants.shu.selectors import income_statement, year_is_closed
from sokoguru.tenants.shu.services import (
    shu_distribute,
    shu_payout,
    shu_proposal_approve,
    shu_proposal_create,
)

# A year's surplus to aim for, per kind (rupiah; RW cooperatives are small).
TARGET_SHU = {"primary_rw": (900_000, 2_400_000), "primary_opd": (6_000_000, 15_000_000)}
TARGET_SHU_OTHER = (3_000_000, 8_000_000)


def _hand_kept_result(cooperative, ctx: DemoContext, year: int) -> None:
    """The books start a year before today with opening balances carried into the reserve;
    the part of last year kept by hand before that (its jasa income net of costs) is separated
    out of the opening reserve into last year's income, so last year has a full year's SHU."""
    key = f"demo:shu:hand-kept:{year}"
    if JournalTransaction.objects.filter(idempotency_key=key).exists():
        return
    first = JournalTransaction.objects.order_by("date").values_list("date", flat=True).first()
    if first is None or first.year != year:
        return
    surplus = income_statement(start=date(year, 1, 1), end=date(year, 12, 31))["surplus"]
    rng = ctx.rng("shu", cooperative.slug)
    target = Decimal(rng.randint(*TARGET_SHU.get(cooperative.kind, TARGET_SHU_OTHER)))
    reserve = account_balance(account=chart.CADANGAN, as_of=first)
    amount = (min(target - surplus, reserve / 2) / 1000).to_integral_value(ROUND_DOWN) * 1000
    if amount <= 0:
        return
    transaction_post(
        date=first,
        description=f"Hasil usaha {year} sebelum pembukuan Sokoguru (pembukuan manual), "
        "dipisahkan dari saldo awal cadangan",
        legs=[
            Leg(account=chart.CADANGAN, debit=amount),
            Leg(account=chart.LOAN_SERVICE_INCOME, credit=amount),
        ],
        idempotency_key=key,
        source_kind="shu.demo",
    )


# Members paid into sukarela by the demo (by member number); the others' SHU stays owed (utang
# SHU), so the unpaid list has something to show — and the seed stays quick.
PAID_IN_DEMO = 25
CURRENT = (
    Member.Status.ACTIVE,
    Member.Status.FLAGGED,
    Member.Status.INACTIVE,
)


def _officer(cooperative, role: str) -> User:
    return User.objects.get(email=f"{role}.{cooperative.slug}@sokoguru.id")


def _seed_one(cooperative, ctx: DemoContext) -> None:
    year = ctx.today.year - 1
    if ShuProposal.objects.filter(fiscal_year=year).exists():
        return
    if not Member.objects.exists():
        return
    ketua, bendahara, kasir = (_officer(cooperative, r) for r in ("ketua", "bendahara", "kasir"))
    rat_day = min(date(ctx.today.year, 3, 14), ctx.today)
    with transaction.atomic():
        if not year_is_closed(fiscal_year=year):
            _hand_kept_result(cooperative, ctx, year)
            open_request = FiscalPeriod.objects.filter(
                status=FiscalPeriod.Status.REQUESTED, end_date=date(year, 12, 31)
            ).first()
            period = open_request or period_close_request(
                start_date=date(year, 1, 1),
                end_date=date(year, 12, 31),
                requested_by_id=bendahara.pk,
                note=f"Tutup buku tahun {year}",
            )
            period_close_confirm(period_id=period.pk, confirmed_by_id=ketua.pk)
        proposal = shu_proposal_create(fiscal_year=year, proposed_by_id=bendahara.pk)
        proposal = shu_proposal_approve(
            proposal_id=proposal.pk,
            decided_on=rat_day,
            reference=f"{rat_day:%m}/RAT/{rat_day:%Y}",
            approved_by_id=ketua.pk,
        )
        if proposal.is_negative:
            return
        day = min(rat_day + timedelta(days=6), ctx.today)
        proposal = shu_distribute(
            proposal_id=proposal.pk, distributed_on=day, distributed_by_id=ketua.pk
        )
        first = list(
            proposal.shares.filter(net__gt=0, member__status__in=CURRENT)
            .order_by("member_number")
            .values_list("member_id", flat=True)[:PAID_IN_DEMO]
        )
        shu_payout(
            proposal_id=proposal.pk,
            paid_on=day,
            paid_by_id=kasir.pk,
            via="sukarela",
            member_ids=first,
        )


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one)
    year = ctx.today.year - 1
    done = negative = 0
    for cooperative in ctx.cooperatives:
        from django.db import connection

        switch_to_cooperative(cooperative)
        try:
            proposal = ShuProposal.objects.filter(fiscal_year=year).first()
            if proposal is not None and proposal.status == ShuProposal.Status.DISTRIBUTED:
                done += 1
            elif proposal is not None:
                negative += 1
        finally:
            connection.set_schema_to_public()
    ctx.log(
        f"  shu: {year} closed and its SHU distributed in {done} cooperatives"
        + (f", no SHU (loss) in {negative}" if negative else "")
        + f"; {ctx.today.year} simulated from the figures so far"
    )
