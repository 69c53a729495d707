"""Demo savings: a year of simpanan pokok, wajib and sukarela in every cooperative, posted
month by month through the services' bulk paths so the books, bills and member statuses
tell one consistent story:

* RW cooperatives: a collection day on the 10th of each month (one ledger transaction per
  collection), most members paying regularly, some irregularly, a few never after joining
  (flagged, then inactive), savers depositing and withdrawing, a few members leaving;
* OPD cooperatives: new members pay pokok in cash, then a monthly payroll-deduction file from
  the office treasurer (CSV, imported like a real one), a few employees missing from it;
* the koperasi sekunder: its five member cooperatives' pokok and wajib are posted in both
  books by the inter-cooperative demo (tenants/intercoop/demo.py).

Jasa simpanan is posted at each month's end where the by-laws set a rate; this month's wajib
bills are generated as the beat job would. Idempotent: a cooperative with savings is skipped;
each cooperative is seeded in one database transaction."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.bylaws.calendar import add_months, month_end, month_label, month_start
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import SavingsMovement
from sokoguru.tenants.savings.services import (
    CollectionItem,
    payroll_batch_import,
    savings_collection_post,
    savings_exit_settle,
    sukarela_jasa_post,
    wajib_bills_generate,
)

REGULAR, IRREGULAR, CHRONIC = "regular", "irregular", "chronic"


def demo_start(ctx: DemoContext) -> date:
    return add_months(month_start(ctx.today), -12)


def _habits(rng, member_ids, *, weights):
    kinds = [REGULAR, IRREGULAR, CHRONIC]
    return {pk: (rng.choices(kinds, weights=weights)[0], rng.random() * 0.45) for pk in member_ids}


def _amount(rng, low: int, high: int, step: int) -> Decimal:
    return Decimal(rng.randrange(low, high + step, step))


def _wajib_due(rng, habit: str, months_paid: int, months_active: int, wajib: Decimal):
    """What a member pays toward wajib this month, by habit."""
    owed = months_active - months_paid
    if habit == REGULAR:
        return wajib * max(owed, 1) if rng.random() < 0.97 else Decimal(0)
    if habit == IRREGULAR:
        if rng.random() < 0.55:
            return wajib * min(max(owed, 1), rng.choice([1, 1, 2, 3]))
        return Decimal(0)
    return wajib if months_active <= 2 else Decimal(0)


def _jasa_and_bills(ctx: DemoContext, month: date) -> None:
    if month_end(month) < ctx.today:
        sukarela_jasa_post(period=month, created_by_id=SYSTEM)


def _seed_rw(cooperative, ctx: DemoContext) -> None:
    rng = ctx.rng("savings", cooperative.slug)
    start = demo_start(ctx)
    members = list(Member.objects.order_by("number").values_list("pk", "joined_on"))
    habits = _habits(rng, [pk for pk, _ in members], weights=[78, 16, 6])
    active: dict[int, int] = {}  # member id → months billed (since activation)
    paid: dict[int, int] = {}  # member id → months paid
    sukarela: dict[int, Decimal] = {}
    left: set[int] = set()
    for index in range(12):
        month = add_months(start, index)
        if index:
            wajib_bills_generate(period=month, created_by_id=SYSTEM)
            for pk in active:
                active[pk] += 1
        day = month + timedelta(days=9)
        bylaws = bylaws_current(as_of=day)
        wajib = bylaws.wajib_monthly_amount
        items: list[CollectionItem] = []
        for pk, joined in members:
            if joined > day or pk in left:
                continue
            habit, saver = habits[pk]
            if pk not in active:
                items.append(CollectionItem(pk, "pokok", bylaws.pokok_amount))
                active[pk], paid[pk] = 1, 0
            amount = _wajib_due(rng, habit, paid[pk], active[pk], wajib)
            if amount:
                items.append(CollectionItem(pk, "wajib", amount))
                paid[pk] += int(amount / wajib)
            if rng.random() < saver:
                deposit = _amount(rng, 10_000, 200_000, 5_000)
                items.append(CollectionItem(pk, "sukarela", deposit))
                sukarela[pk] = sukarela.get(pk, Decimal(0)) + deposit
            elif sukarela.get(pk, 0) > 50_000 and rng.random() < 0.06:
                withdrawal = (sukarela[pk] * Decimal(rng.choice(["0.25", "0.5", "1"]))).quantize(
                    Decimal("1000")
                )
                if 0 < withdrawal <= sukarela[pk]:
                    items.append(CollectionItem(pk, "sukarela", -withdrawal))
                    sukarela[pk] -= withdrawal
        if items:
            savings_collection_post(
                date=day,
                items=items,
                idempotency_key=f"demo:{cooperative.slug}:{month:%Y-%m}",
                description=f"Setoran kolektif simpanan {month_label(month)} (pengurus RW)",
                created_by_id=SYSTEM,
            )
        # A few members leave during the second half of the year.
        if index in (6, 9):
            leavers = [pk for pk, _ in members if pk in active and pk not in left]
            for pk in rng.sample(leavers, k=min(len(leavers), rng.randint(0, 2))):
                savings_exit_settle(
                    member_id=pk,
                    date=day + timedelta(days=5),
                    reason="deceased" if rng.random() < 0.2 else "exited",
                    note="Pindah domisili" if rng.random() < 0.7 else "",
                    created_by_id=SYSTEM,
                )
                left.add(pk)
        _jasa_and_bills(ctx, month)


def _pokok_on_join(cooperative, members, month: date, *, counter=chart.CASH) -> None:
    by_day: dict[date, list[CollectionItem]] = {}
    pokok = bylaws_current(as_of=month).pokok_amount  # the demo's by-laws hold all year
    for pk, joined in members:
        if month <= joined <= month_end(month):
            by_day.setdefault(joined, []).append(CollectionItem(pk, "pokok", pokok))
    for day, items in sorted(by_day.items()):
        savings_collection_post(
            date=day,
            items=items,
            counter_account=counter,
            idempotency_key=f"demo:{cooperative.slug}:pokok:{day:%Y-%m-%d}",
            description=f"Setoran simpanan pokok anggota baru {day:%d-%m-%Y}",
            created_by_id=SYSTEM,
        )


def _seed_opd(cooperative, ctx: DemoContext) -> None:
    rng = ctx.rng("savings", cooperative.slug)
    start = demo_start(ctx)
    members = list(Member.objects.order_by("number").values_list("pk", "joined_on", "nip"))
    habits = _habits(rng, [pk for pk, _, _ in members], weights=[95, 3, 2])
    sukarela: dict[int, Decimal] = {}
    for index in range(12):
        month = add_months(start, index)
        if index:
            wajib_bills_generate(period=month, created_by_id=SYSTEM)
        _pokok_on_join(cooperative, [(pk, joined) for pk, joined, _ in members], month)
        received = month + timedelta(days=24)
        wajib = bylaws_current(as_of=received).wajib_monthly_amount
        lines = ["nip;nama_pegawai;wajib;angsuran;lainnya"]
        for pk, joined, nip in members:
            habit, saver = habits[pk]
            if joined > month_end(month):
                continue
            if habit == CHRONIC and index > 2 or habit == IRREGULAR and rng.random() < 0.3:
                continue  # on leave / transferred: not on this month's payroll
            other = Decimal(0)
            if rng.random() < saver:
                other = _amount(rng, 50_000, 500_000, 25_000)
                sukarela[pk] = sukarela.get(pk, Decimal(0)) + other
            lines.append(f"{nip};-;{wajib:.0f};0;{other:.0f}")
        payroll_batch_import(
            period=month,
            filename=f"potongan-gaji-{cooperative.slug}-{month:%Y-%m}.csv",
            content=("\n".join(lines) + "\n").encode(),
            received_on=received,
            created_by_id=SYSTEM,
        )
        withdrawals = [
            CollectionItem(pk, "sukarela", -(balance / 2).quantize(Decimal("1000")))
            for pk, balance in sorted(sukarela.items())
            if balance >= 200_000 and rng.random() < 0.04
        ]
        if withdrawals:
            for item in withdrawals:
                sukarela[item.member_id] += item.amount
            savings_collection_post(
                date=received + timedelta(days=2),
                items=withdrawals,
                idempotency_key=f"demo:{cooperative.slug}:tarik:{month:%Y-%m}",
                description=f"Penarikan simpanan sukarela {month_label(month)}",
                created_by_id=SYSTEM,
            )
        _jasa_and_bills(ctx, month)


def _seed_one(cooperative, ctx: DemoContext) -> None:
    if SavingsMovement.objects.exists() or not Member.objects.exists():
        return
    with transaction.atomic():
        if cooperative.kind == "primary_rw":
            _seed_rw(cooperative, ctx)
        elif cooperative.kind == "primary_opd":
            _seed_opd(cooperative, ctx)
        # A sekunder's capital from its member cooperatives is posted in both books by the
        # inter-cooperative demo (tenants/intercoop/demo.py).
        # This month's bills, as the beat job on the 1st would have made them.
        wajib_bills_generate(period=month_start(ctx.today), created_by_id=SYSTEM)


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one)
