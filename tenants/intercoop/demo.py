"""Demo: the five Medan OPD cooperatives pay simpanan pokok (on joining) and a year of monthly
simpanan wajib into their koperasi sekunder — each payment posted in both books — and the
sekunder lends one of them working capital, repaid monthly since."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.demo import DemoContext
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.bylaws.calendar import add_months, month_start
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.intercoop import services
from sokoguru.tenants.intercoop.models import CapitalEntry, LoanProduct
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members.models import Member

LOAN_AMOUNT = Decimal("25000000")


def _paid_from(primary: Cooperative, amount: Decimal) -> str | None:
    with cooperative_schema(primary):
        for code in (chart.BANK, chart.CASH):
            if account_balance(account=code) >= amount:
                return code
    return None


def _pay(ctx, sekunder, primary, kind, amount, day, key) -> None:
    paid_from = _paid_from(primary, amount)
    if paid_from is None:
        ctx.log(f"  {primary.slug}: dana tidak cukup untuk {kind} {day}")
        return
    services.capital_pay(
        sekunder=sekunder,
        primary=primary,
        kind=kind,
        amount=amount,
        date=day,
        idempotency_key=key,
        paid_from=paid_from,
        created_by_id=SYSTEM,
    )


def seed(*, ctx: DemoContext) -> None:
    sekunder = next((c for c in ctx.cooperatives if c.kind == Cooperative.Kind.SECONDARY), None)
    if sekunder is None:
        return
    with cooperative_schema(sekunder):
        if CapitalEntry.objects.exists():
            return
        members = list(
            Member.objects.filter(kind=Member.Kind.COOPERATIVE)
            .order_by("number")
            .values_list("cooperative_id", "joined_on")
        )
        bylaws = bylaws_current(as_of=ctx.today)
    registry = Cooperative.objects.in_bulk([cid for cid, _ in members])
    start = add_months(month_start(ctx.today), -12)
    for cooperative_id, joined in members:
        primary = registry[cooperative_id]
        pokok_day = max(joined, start)
        _pay(ctx, sekunder, primary, "pokok", bylaws.pokok_amount, pokok_day, "demo:pokok")
        for index in range(12):
            day = add_months(start, index) + timedelta(days=14)
            if day < pokok_day or day > ctx.today:
                continue
            _pay(
                ctx,
                sekunder,
                primary,
                "wajib",
                bylaws.wajib_monthly_amount,
                day,
                f"demo:wajib:{day:%Y-%m}",
            )
    if not members:
        return
    borrower = registry[members[0][0]]
    with cooperative_schema(sekunder):
        product = LoanProduct.objects.filter(name="Modal kerja koperasi anggota").first()
        if product is None:
            product = services.loan_product_create(
                name="Modal kerja koperasi anggota",
                rate_percent=Decimal("0.9"),
                max_amount=Decimal("50000000"),
                max_tenor=24,
                created_by_id=SYSTEM,
            )
        cash = account_balance(account=chart.CASH) + account_balance(account=chart.BANK)
    if cash < LOAN_AMOUNT:
        ctx.log("  sekunder: dana tidak cukup untuk pinjaman antarkoperasi")
        return
    disbursed = add_months(month_start(ctx.today), -4) + timedelta(days=19)
    loan = services.loan_offer(
        sekunder=sekunder,
        primary=borrower,
        product_id=product.pk,
        amount=LOAN_AMOUNT,
        tenor=20,
        first_due_date=add_months(disbursed, 1),
        purpose="Modal kerja unit simpan pinjam",
        created_by_id=SYSTEM,
    )
    services.loan_approve(sekunder=sekunder, reference=loan.reference, approved_by_id=SYSTEM)
    services.loan_accept(primary=borrower, reference=loan.reference, accepted_by_id=SYSTEM)
    with cooperative_schema(sekunder):
        paid_from = chart.BANK if account_balance(account=chart.BANK) >= LOAN_AMOUNT else chart.CASH
    services.loan_disburse(
        sekunder=sekunder,
        reference=loan.reference,
        date=disbursed,
        paid_from=paid_from,
        created_by_id=SYSTEM,
    )
    instalment = LOAN_AMOUNT / 20 + LOAN_AMOUNT * Decimal("0.009")
    for n in range(1, 4):
        day = add_months(disbursed, n)
        if day > ctx.today:
            break
        source = _paid_from(borrower, instalment)
        if source is None:
            break
        services.loan_repay(
            primary=borrower,
            reference=loan.reference,
            amount=instalment,
            date=day,
            idempotency_key=f"demo:{n}",
            paid_from=source,
            created_by_id=SYSTEM,
        )
    ctx.log(f"  {sekunder.slug}: modal dari {len(members)} koperasi anggota, 1 pinjaman")
