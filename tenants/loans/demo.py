"""Demo loans: micro-business loans (hydroponics, toga, bank sampah, small shops) in every RW
cooperative — most paid on time, some in arrears in each collectibility bucket — a funding queue
in RW 01, and payroll-deducted loans in the OPD cooperatives. Disbursements are backdated and
the close of business runs for the demo date. Idempotent: a cooperative already seeded (its
demo grant is posted) is left alone; each cooperative is seeded in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.loans import schedule
from sokoguru.tenants.loans.models import Loan, LoanProduct, LoanSettings
from sokoguru.tenants.loans.services import (
    loan_apply,
    loan_approve,
    loan_disburse,
    loan_repay,
    loan_repay_from_payroll,
    loans_close_of_business,
    loans_install,
)
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay, sukarela_deposit

GRANT_KEY = "demo:loans:grant"
QUEUE_SLUG = "hj-rw01"  # the RW cooperative whose members wait in the funding queue

BUSINESSES = [
    ("Hidroponik sayur selada dan kangkung", "Dewi Lestari"),
    ("Kebun tanaman obat keluarga (toga)", "Sri Wahyuni"),
    ("Bank sampah: timbangan dan gerobak", "Agus Salim"),
    ("Warung sembako", "Rina Marlina"),
    ("Keripik singkong rumahan", "Yuli Astuti"),
    ("Jahit dan permak pakaian", "Nur Hasanah"),
    ("Pulsa dan token listrik", "Bambang Sutrisno"),
    ("Kue basah titipan warung", "Siti Rohmah"),
]
OPD_PURPOSES = [
    ("Renovasi rumah", "Hendra Siregar"),
    ("Biaya sekolah anak", "Rosmawati Nasution"),
    ("Modal usaha sampingan istri", "Darwin Lubis"),
    ("Pembelian sepeda motor", "Fitri Harahap"),
]


@dataclass(frozen=True)
class Plan:
    amount: Decimal
    tenor: int
    months_ago: int  # disbursed this many months before the demo date
    paid: int | None  # instalments paid on time (None = all that are due)


# RW cooperatives: lancar loans paid on time, then one loan in each arrears bucket.
RW_PLANS = [
    Plan(Decimal("1000000"), 10, 3, None),
    Plan(Decimal("1500000"), 10, 5, None),
    Plan(Decimal("2000000"), 10, 2, None),
    Plan(Decimal("1000000"), 10, 4, 2),  # ~ 1–2 months late: kurang lancar
    Plan(Decimal("1500000"), 10, 8, 2),  # ~ 5 months late: diragukan
    Plan(Decimal("1000000"), 10, 11, 1),  # ~ 9 months late: macet
]
OPD_PLANS = [
    Plan(Decimal("10000000"), 24, 6, None),
    Plan(Decimal("6000000"), 12, 4, None),
    Plan(Decimal("15000000"), 24, 10, None),
    Plan(Decimal("3000000"), 6, 2, None),
]


def _officer(cooperative, role: str) -> User:
    return User.objects.get(email=f"{role}.{cooperative.slug}@sokoguru.id")


def _borrower(*, cooperative, index: int, name: str, joined: date, savings: Decimal) -> Member:
    """A demo borrower (registered once; pokok and a sukarela deposit)."""
    region = "327503" if cooperative.kind == "primary_rw" else "127114"
    serial = 9000 + index
    nik = f"{region}{(index % 28) + 1:02d}0{(index % 9) + 1}8{index % 10}{serial:04d}"
    member = Member.objects.filter(nik=nik).first()
    if member is None:
        member = member_register(full_name=name, nik=nik, joined_on=joined)
    if member.status != Member.Status.ACTIVE:
        pokok_pay(member_id=member.pk, date=joined)
    sukarela_deposit(
        member_id=member.pk,
        amount=savings,
        date=joined,
        idempotency_key=f"demo:loans:savings:{member.pk}",
        description="Setoran simpanan sukarela (demo)",
    )
    return member


def _grant(*, on: date, amount: Decimal, account: str) -> None:
    transaction_post(
        date=on,
        description="Hibah modal usaha anggota dari Pemerintah Kota (demo)",
        legs=[Leg(account=account, debit=amount), Leg(account=chart.HIBAH, credit=amount)],
        idempotency_key=GRANT_KEY,
        source_kind="demo.grant",
        source_id="loans",
    )


def _lend(*, cooperative, ctx, plans, purposes, payroll: bool) -> None:
    kasir = _officer(cooperative, "kasir")
    ketua = _officer(cooperative, "ketua")
    bendahara = _officer(cooperative, "bendahara")
    product = LoanProduct.objects.filter(is_active=True).order_by("id").first()
    today = ctx.today
    joined = schedule.add_months(today, -24)
    for i, plan in enumerate(plans):
        purpose, name = purposes[i % len(purposes)]
        member = _borrower(
            cooperative=cooperative,
            index=i + 1,
            name=name,
            joined=joined,
            savings=schedule.floor_rupiah(plan.amount / 2),
        )
        disbursed = schedule.add_months(today, -plan.months_ago)
        loan = loan_apply(
            member_id=member.pk,
            product_id=product.pk,
            amount=plan.amount,
            tenor=min(plan.tenor, product.max_tenor),
            purpose=purpose,
            entered_by_id=kasir.pk,
            applied_on=disbursed,
            payroll_deduction=payroll,
        )
        loan = loan_approve(loan_id=loan.pk, approved_by_id=ketua.pk)
        loan = loan_disburse(
            loan_id=loan.pk,
            disbursed_by_id=bendahara.pk,
            disbursed_on=disbursed,
            paid_from="bank" if payroll else "cash",
        )
        for inst in loan.instalments.order_by("number"):
            if inst.due_date > today or (plan.paid is not None and inst.number > plan.paid):
                break
            key = f"demo:loans:{loan.pk}:{inst.number}"
            if payroll:
                loan_repay_from_payroll(
                    member_id=member.pk, amount=inst.total, date=inst.due_date, idempotency_key=key
                )
            else:
                loan_repay(
                    loan_id=loan.pk,
                    amount=inst.total,
                    date=inst.due_date,
                    idempotency_key=key,
                    received_by_id=kasir.pk,
                )


def _queue(*, cooperative, ctx) -> None:
    """Members apply for Rp 2.500.000 each on the demo date until two of them wait in the
    funding queue (the earlier ones have their funds reserved, awaiting disbursement)."""
    kasir = _officer(cooperative, "kasir")
    ketua = _officer(cooperative, "ketua")
    product = LoanProduct.objects.filter(is_active=True).order_by("id").first()
    names = [
        ("Mesin press plastik bank sampah", "Joko Prasetyo"),
        ("Rak dan pompa hidroponik", "Ani Suryani"),
        ("Gerobak warung kopi", "Slamet Riyadi"),
        ("Etalase warung sembako", "Wati Kusuma"),
        ("Bibit dan polybag toga", "Endang Susanti"),
        ("Oven kue basah", "Ratna Sari"),
    ]
    queued = 0
    for j in range(12):
        if queued >= 2:
            break
        purpose, name = names[j % len(names)]
        member = _borrower(
            cooperative=cooperative,
            index=20 + j,
            name=name,
            joined=schedule.add_months(ctx.today, -24),
            savings=Decimal("1400000"),
        )
        loan = loan_apply(
            member_id=member.pk,
            product_id=product.pk,
            amount=Decimal("2500000"),
            tenor=10,
            purpose=purpose,
            entered_by_id=kasir.pk,
            applied_on=ctx.today,
        )
        loan = loan_approve(loan_id=loan.pk, approved_by_id=ketua.pk)
        queued += loan.status == Loan.Status.QUEUED


def _seed_one(cooperative, ctx: DemoContext) -> None:
    if JournalTransaction.objects.filter(idempotency_key=GRANT_KEY).exists():
        return
    loans_install(cooperative=cooperative)
    if not LoanProduct.objects.filter(is_active=True).exists():
        return
    with transaction.atomic():
        opd = cooperative.kind == "primary_opd"
        plans = OPD_PLANS if opd else RW_PLANS
        total = sum((p.amount for p in plans), Decimal(0))
        # Enough for every planned loan above the liquidity reserve (by-laws) of 10 M / 1 M.
        _grant(
            on=schedule.add_months(ctx.today, -13),
            amount=total + (Decimal("10000000") if opd else Decimal("1000000")),
            account=chart.BANK if opd else chart.CASH,
        )
        _lend(
            cooperative=cooperative,
            ctx=ctx,
            plans=plans,
            purposes=OPD_PURPOSES if opd else BUSINESSES,
            payroll=opd,
        )
        if cooperative.slug == QUEUE_SLUG:
            LoanSettings.objects.update(queue_serving=LoanSettings.QueueServing.MANUAL)
            _queue(cooperative=cooperative, ctx=ctx)
        loans_close_of_business(as_of=ctx.today)


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one, kinds={"primary_rw", "primary_opd"})
    ctx.log("  loans: micro-business loans in the RW cooperatives, payroll loans in the OPDs")
