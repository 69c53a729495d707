"""Demo loans: each RW cooperative lends its pooled savings to a handful of its own members'
micro-businesses (hydroponics, toga, bank sampah, small shops) — how many depends on its members
and funds, Rp 500.000–3.000.000 each within the product's, by-laws' and savings-multiple limits,
disbursed over the past year and mostly repaid on time; across the kelurahan a few loans fall
behind (kurang lancar, diragukan, macet). One RW cooperative (``QUEUE_SLUG``) has lent nearly
everything and has members waiting in the funding queue. OPD cooperatives make payroll-deducted
loans to their employees. Disbursements are backdated and the close of business runs for the demo
date. Plans depend only on ``ctx.rng("loans", slug)`` and the members' savings, so re-runs
repeat. Idempotent: a cooperative that has loans is left alone; each cooperative is seeded in one
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction

from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.loans import schedule
from sokoguru.tenants.loans.models import Loan, LoanProduct, LoanSettings
from sokoguru.tenants.loans.selectors import available_funds
from sokoguru.tenants.loans.services import (
    loan_apply,
    loan_approve,
    loan_disburse,
    loan_limit,
    loan_repay,
    loan_repay_from_payroll,
    loans_close_of_business,
    loans_install,
)
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.selectors import savings_balances_by_member

GRANT_KEY = "demo:loans:grant"
QUEUE_SLUG = "hj-rw01"  # the RW cooperative whose members wait in the funding queue

BUSINESSES = [
    "Hidroponik sayur selada dan kangkung",
    "Kebun tanaman obat keluarga (toga)",
    "Bank sampah: timbangan dan gerobak",
    "Warung sembako",
    "Keripik singkong rumahan",
    "Jahit dan permak pakaian",
    "Pulsa dan token listrik",
    "Kue basah titipan warung",
    "Gerobak warung kopi",
    "Bibit dan polybag toga",
]
OPD_PURPOSES = [
    "Renovasi rumah",
    "Biaya sekolah anak",
    "Modal usaha sampingan keluarga",
    "Pembelian sepeda motor",
    "Biaya berobat keluarga",
]

# RW micro-business loans: Rp 500.000–3.000.000 in steps of Rp 100.000.
RW_MIN, RW_MAX, RW_STEP = 500_000, 3_000_000, 100_000
# OPD payroll loans: Rp 2.000.000–20.000.000 in steps of Rp 500.000.
OPD_MIN, OPD_MAX, OPD_STEP = 2_000_000, 20_000_000, 500_000
# Share of an RW cooperative's available funds it lends out (the rest stays liquid).
LEND_SHARE = (0.35, 0.6)
# Chance that an RW cooperative has one loan in arrears, by bucket; the late loan is kept
# small next to the cooperative's book so the NPL ratio stays realistic.
ARREARS = [("dalam_perhatian_khusus", 0.25), ("diragukan", 0.1), ("macet", 0.1)]
ARREARS_DAYS = {"dalam_perhatian_khusus": (8, 75), "diragukan": (125, 170), "macet": (190, 240)}
LATE_SHARE = Decimal("0.13")  # the late loan at most this share of the cooperative's book


@dataclass(frozen=True)
class Plan:
    amount: Decimal
    tenor: int
    disbursed: date
    paid: int | None  # instalments paid on time (None = all that are due)


def _officer(cooperative, role: str) -> User:
    return User.objects.get(email=f"{role}.{cooperative.slug}@sokoguru.id")


def _step(value, step: int) -> Decimal:
    return Decimal(int(value) // step * step)


def _borrower(rng, *, product, candidates, used: set[int], on: date, amount: Decimal):
    """A member (not yet borrowing) who had joined by ``on`` and whose limit covers as much of
    ``amount`` as possible, with the amount their limit allows (None when nobody qualifies)."""
    balances = savings_balances_by_member(as_of=on)
    eligible = [
        (pk, balances[pk]["total"])
        for pk, joined in candidates
        if pk not in used and joined <= on and pk in balances
    ]
    if not eligible:
        return None, None
    rng.shuffle(eligible)
    # Any member whose savings cover the amount; failing that, the biggest saver.
    eligible.sort(
        key=lambda row: (
            (False, 0) if row[1] * product.max_savings_multiple >= amount else (True, -row[1])
        )
    )
    pk = eligible[0][0]
    limit = loan_limit(product=product, member_id=pk, as_of=on) or amount
    return pk, min(amount, limit)


def _paid_from(cash_out: Decimal, *, payroll: bool) -> str:
    """Payroll loans go out by bank transfer; RW loans in cash when the cash box holds enough."""
    if not payroll and account_balance(account=chart.CASH) >= cash_out:
        return "cash"
    return "bank"


def _borrowing(*, open_only: bool) -> set[int]:
    """Members with a loan (``open_only``: with a loan not yet repaid or still applied for)."""
    loans = Loan.objects.all()
    if open_only:
        loans = loans.filter(status__in=[*Loan.APPLICATION_STATUSES, Loan.Status.ACTIVE])
    return set(loans.values_list("member_id", flat=True))


def _lend(
    *, cooperative, ctx, plans: list[Plan], purposes, payroll: bool, rng, reborrow: bool = False
) -> int:
    """Apply, approve, disburse and repay each plan with a member who qualifies on its date;
    returns the number of loans made."""
    kasir = _officer(cooperative, "kasir")
    ketua = _officer(cooperative, "ketua")
    bendahara = _officer(cooperative, "bendahara")
    product = LoanProduct.objects.filter(is_active=True).order_by("id").first()
    today = ctx.today
    candidates = list(
        Member.objects.filter(status=Member.Status.ACTIVE, kind=Member.Kind.PERSON)
        .order_by("number")
        .values_list("pk", "joined_on")
    )
    used = _borrowing(open_only=reborrow)
    step, low = (OPD_STEP, OPD_MIN) if payroll else (RW_STEP, RW_MIN)
    made = 0
    for plan in sorted(plans, key=lambda p: p.disbursed):
        member_id, amount = _borrower(
            rng,
            product=product,
            candidates=candidates,
            used=used,
            on=plan.disbursed,
            amount=plan.amount,
        )
        if member_id is None:
            continue
        amount = _step(amount, step)
        if amount < max(low, product.min_amount):
            continue
        used.add(member_id)
        loan = loan_apply(
            member_id=member_id,
            product_id=product.pk,
            amount=amount,
            tenor=min(plan.tenor, product.max_tenor),
            purpose=rng.choice(purposes),
            entered_by_id=kasir.pk,
            applied_on=plan.disbursed,
            payroll_deduction=payroll,
        )
        loan = loan_approve(loan_id=loan.pk, approved_by_id=ketua.pk)
        loan = loan_disburse(
            loan_id=loan.pk,
            disbursed_by_id=bendahara.pk,
            disbursed_on=plan.disbursed,
            paid_from=_paid_from(loan.amount - loan.admin_fee, payroll=payroll),
        )
        made += 1
        for inst in loan.instalments.order_by("number"):
            if inst.due_date > today or (plan.paid is not None and inst.number > plan.paid):
                break
            key = f"demo:loans:{loan.pk}:{inst.number}"
            if payroll:
                loan_repay_from_payroll(
                    member_id=member_id, amount=inst.total, date=inst.due_date, idempotency_key=key
                )
            else:
                loan_repay(
                    loan_id=loan.pk,
                    amount=inst.total,
                    date=inst.due_date,
                    idempotency_key=key,
                    received_by_id=kasir.pk,
                )
    return made


def _outstanding_on(plan: Plan, today: date) -> Decimal:
    """Principal a plan still owes on ``today`` (flat schedule: equal principal parts)."""
    due = 0
    while due < plan.tenor and schedule.add_months(plan.disbursed, due + 1) <= today:
        due += 1
    paid = due if plan.paid is None else min(due, plan.paid)
    return plan.amount * (plan.tenor - paid) / plan.tenor


def _rw_plans(cooperative, ctx, rng, *, members: int, funds: Decimal) -> list[Plan]:
    today = ctx.today
    budget = funds * Decimal(str(round(rng.uniform(*LEND_SHARE), 2)))
    wanted = max(2, round(members / rng.uniform(6, 10)))
    plans: list[Plan] = []
    lent = Decimal(0)
    while len(plans) < wanted:
        amount = Decimal(rng.randrange(RW_MIN, RW_MAX + RW_STEP, RW_STEP))
        if lent + amount > budget:
            break
        disbursed = today - timedelta(days=rng.randint(5, 360))
        plans.append(Plan(amount, rng.choice([10, 10, 10, 8, 6]), disbursed, None))
        lent += amount
    roll = rng.random()
    for bucket, chance in ARREARS:
        if roll >= chance:
            roll -= chance
            continue
        book = sum((_outstanding_on(p, today) for p in plans), Decimal(0))
        amount = _step(book * LATE_SHARE, RW_STEP)
        amount = min(amount, Decimal(RW_MAX))
        if len(plans) < 3 or amount < RW_MIN or lent + amount > budget:
            break
        paid = rng.randint(1, 3) if bucket != "macet" else rng.randint(0, 2)
        oldest_unpaid = today - timedelta(days=rng.randint(*ARREARS_DAYS[bucket]))
        disbursed = schedule.add_months(oldest_unpaid, -(paid + 1))
        plans.append(Plan(amount, 10, disbursed, paid))
        break
    return plans


def _opd_plans(cooperative, ctx, rng, *, members: int, funds: Decimal) -> list[Plan]:
    today = ctx.today
    budget = funds * Decimal("0.6")
    wanted = max(3, round(members / rng.uniform(5, 8)))
    plans: list[Plan] = []
    lent = Decimal(0)
    while len(plans) < wanted:
        amount = Decimal(rng.randrange(OPD_MIN, OPD_MAX + OPD_STEP, OPD_STEP))
        if lent + amount > budget:
            break
        disbursed = today - timedelta(days=rng.randint(5, 360))
        plans.append(Plan(amount, rng.choice([6, 12, 12, 18, 24, 24]), disbursed, None))
        lent += amount
    return plans


def _daily_cash_and_bank() -> list[tuple[date, Decimal]]:
    """(date, closing cash + bank balance) for each day either moved."""
    with connection.cursor() as cur:
        cur.execute(
            """SELECT l.date, sum(sum(l.debit - l.credit)) OVER (ORDER BY l.date)
                 FROM ledger_journalleg l
                WHERE l.account_code IN (%s, %s) OR l.account_code LIKE %s
                   OR l.account_code LIKE %s
                GROUP BY l.date ORDER BY l.date""",
            [chart.CASH, chart.BANK, f"{chart.CASH}.%", f"{chart.BANK}.%"],
        )
        return cur.fetchall()


def _shortfall(plans: list[Plan]) -> Decimal:
    """How much cash and bank would have lacked on the worst day had every planned loan been
    paid out (repayments left aside), so the books never show the cooperative overdrawn."""
    days = _daily_cash_and_bank()
    worst = Decimal(0)
    for plan in plans:
        before = [b for d, b in days if d <= plan.disbursed]
        balance = before[-1] if before else Decimal(0)
        lent = sum((p.amount for p in plans if p.disbursed <= plan.disbursed), Decimal(0))
        worst = max(worst, lent - balance)
    return worst


def _grant(*, on: date, amount: Decimal, account: str) -> None:
    transaction_post(
        date=on,
        description="Hibah modal usaha anggota dari Pemerintah Kota (demo)",
        legs=[Leg(account=account, debit=amount), Leg(account=chart.HIBAH, credit=amount)],
        idempotency_key=GRANT_KEY,
        source_kind="demo.grant",
        source_id="loans",
    )


def _queue(*, cooperative, ctx, rng) -> None:
    """The cooperative has lent nearly everything: recent loans use up its available funds, then
    members apply on the demo date until two of them wait in the funding queue."""
    kasir = _officer(cooperative, "kasir")
    ketua = _officer(cooperative, "ketua")
    product = LoanProduct.objects.filter(is_active=True).order_by("id").first()
    today = ctx.today
    for _ in range(60):
        if available_funds() <= RW_MAX:
            break
        amount = Decimal(rng.randrange(2_000_000, RW_MAX + RW_STEP, RW_STEP))
        recent = Plan(amount, 10, today - timedelta(days=rng.randint(3, 25)), None)
        made = _lend(
            cooperative=cooperative,
            ctx=ctx,
            plans=[recent],
            purposes=BUSINESSES,
            payroll=False,
            rng=rng,
            reborrow=True,
        )
        if not made:
            break
    candidates = list(
        Member.objects.filter(status=Member.Status.ACTIVE, kind=Member.Kind.PERSON)
        .order_by("number")
        .values_list("pk", "joined_on")
    )
    used = _borrowing(open_only=True)
    queued = 0
    for _ in range(12):
        if queued >= 2:
            break
        member_id, amount = _borrower(
            rng,
            product=product,
            candidates=candidates,
            used=used,
            on=today,
            amount=Decimal(rng.randrange(2_000_000, RW_MAX + RW_STEP, RW_STEP)),
        )
        if member_id is None:
            break
        amount = _step(amount, RW_STEP)
        if amount < RW_MIN:
            break
        used.add(member_id)
        loan = loan_apply(
            member_id=member_id,
            product_id=product.pk,
            amount=amount,
            tenor=10,
            purpose=rng.choice(BUSINESSES),
            entered_by_id=kasir.pk,
            applied_on=today,
        )
        loan = loan_approve(loan_id=loan.pk, approved_by_id=ketua.pk)
        queued += loan.status == Loan.Status.QUEUED


def _seed_one(cooperative, ctx: DemoContext) -> None:
    if (
        Loan.objects.exists()
        or JournalTransaction.objects.filter(idempotency_key=GRANT_KEY).exists()
    ):
        return
    loans_install(cooperative=cooperative)
    if not LoanProduct.objects.filter(is_active=True).exists():
        return
    rng = ctx.rng("loans", cooperative.slug)
    members = Member.objects.filter(status=Member.Status.ACTIVE, kind=Member.Kind.PERSON).count()
    with transaction.atomic():
        opd = cooperative.kind == "primary_opd"
        funds = max(available_funds(), Decimal(0))
        make = _opd_plans if opd else _rw_plans
        plans = make(cooperative, ctx, rng, members=members, funds=funds)
        account = chart.BANK if opd else chart.CASH
        shortfall = _shortfall(plans)
        if shortfall > 0:
            # Capital for member loans received before the books' first entry.
            _grant(
                on=schedule.add_months(ctx.today, -13),
                amount=_step(shortfall, 1_000_000) + 1_000_000,
                account=account,
            )
        _lend(
            cooperative=cooperative,
            ctx=ctx,
            plans=plans,
            purposes=OPD_PURPOSES if opd else BUSINESSES,
            payroll=opd,
            rng=rng,
        )
        if cooperative.slug == QUEUE_SLUG:
            LoanSettings.objects.update(queue_serving=LoanSettings.QueueServing.MANUAL)
            _queue(cooperative=cooperative, ctx=ctx, rng=rng)
        loans_close_of_business(as_of=ctx.today)


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one, kinds={"primary_rw", "primary_opd"})
    ctx.log("  loans: micro-business loans in the RW cooperatives, payroll loans in the OPDs")
