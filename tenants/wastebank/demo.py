"""Demo waste bank: a year of weekly weighing Saturdays in several RW cooperatives, through the
services' bulk path (one call per weighing day):

* customers: about a third of the members and a dozen non-member households of the RW;
* a seasonal mix: more cardboard and used cooking oil around Ramadan and Lebaran, less paper
  and more plastic in the rainy months (November–March);
* a price change in the middle of the year (PET and aluminium up, cardboard down), set before
  the deposits it applies to;
* a sale of most of the stock to a collector at each month's end, at about the indicative price;
* every quarter some members move their waste savings into sukarela and some households take
  cash.

Idempotent: a cooperative that already has deposits is skipped."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.platform.core.errors import SokoguruError
from sokoguru.tenants.bylaws.calendar import add_months, month_end, month_start
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.wastebank.models import (
    BookCounter,
    WasteCustomer,
    WasteDeposit,
    WasteItem,
    WasteStock,
)
from sokoguru.tenants.wastebank.selectors import customer_balances, prices_on
from sokoguru.tenants.wastebank.services import (
    collector_create,
    price_set,
    sale_record,
    weighing_day_record,
    withdrawal_record,
)

HOUSEHOLDS = [
    "Ibu Warsih",
    "Ibu Sumarni",
    "Bapak Darsono",
    "Ibu Yati",
    "Ibu Lilis",
    "Bapak Ujang",
    "Ibu Tuti",
    "Ibu Nining",
    "Bapak Rohmat",
    "Ibu Eha",
    "Ibu Komariah",
    "Bapak Sugeng",
    "Ibu Wati",
    "Ibu Iis",
]

# item code -> (typical kg per deposit low, high, chance it is in a deposit)
MIX = {
    "kardus": (1.0, 6.0, 0.55),
    "kertas-hvs": (0.5, 3.0, 0.30),
    "koran": (0.5, 4.0, 0.25),
    "plastik-pet": (0.3, 3.0, 0.60),
    "plastik-gelas": (0.2, 1.5, 0.35),
    "plastik-campur": (0.5, 4.0, 0.35),
    "besi": (0.5, 5.0, 0.10),
    "aluminium": (0.1, 1.0, 0.20),
    "botol-kaca": (1.0, 6.0, 0.15),
    "minyak-jelantah": (0.5, 3.0, 0.25),
}
PAPER = {"kardus", "kertas-hvs", "koran"}
PLASTIC = {"plastik-pet", "plastik-gelas", "plastik-campur"}
RAINY = {11, 12, 1, 2, 3}
# Price change in the middle of the demo year: (buy, indicative sell).
NEW_PRICES = {
    "plastik-pet": ("4000", "5400"),
    "aluminium": ("11000", "14000"),
    "kardus": ("1300", "1900"),
}


def _seasonal(code: str, day: date, ramadan: tuple[date, date]) -> float:
    factor = 1.0
    if day.month in RAINY and code in PAPER:
        factor *= 0.6
    if day.month in RAINY and code in PLASTIC:
        factor *= 1.3
    if ramadan[0] <= day <= ramadan[1] + timedelta(days=14) and code in {
        "kardus",
        "minyak-jelantah",
        "plastik-gelas",
    }:
        factor *= 1.8
    return factor


def _ramadan(year_start: date) -> tuple[date, date]:
    # Ramadan 1447 H: about 18 February – 19 March 2026 (1446 H: 1 March – 30 March 2025).
    for start, end in [
        (date(2026, 2, 18), date(2026, 3, 19)),
        (date(2025, 3, 1), date(2025, 3, 30)),
    ]:
        if start >= year_start:
            return start, end
    return date(2027, 2, 8), date(2027, 3, 9)


def _officer(cooperative, role: str) -> User | None:
    return User.objects.filter(email=f"{role}.{cooperative.slug}@sokoguru.id").first()


def _seed_one(cooperative, ctx: DemoContext) -> None:
    if WasteDeposit.objects.exists():
        return
    kasir = _officer(cooperative, "kasir")
    bendahara = _officer(cooperative, "bendahara")
    if kasir is None or bendahara is None:
        return
    rng = ctx.rng("wastebank", cooperative.slug)
    start = add_months(month_start(ctx.today), -12)
    with transaction.atomic():
        _seed_year(cooperative, ctx, rng, start=start, kasir=kasir, bendahara=bendahara)


def _seed_year(cooperative, ctx, rng, *, start: date, kasir, bendahara) -> None:
    items = {i.code: i for i in WasteItem.objects.all()}
    mid = add_months(start, 6)
    for code, (buy, sell) in NEW_PRICES.items():
        if code in items:
            price_set(
                item_id=items[code].pk,
                effective_from=mid,
                buy_price=buy,
                sell_price=sell,
                created_by_id=bendahara.pk,
            )
    members = list(Member.objects.filter(status="active").order_by("number"))
    chosen = [m for m in members if rng.random() < 0.35]
    customers: list[tuple[WasteCustomer, date]] = []
    counter = 0
    for member in chosen:
        counter += 1
        customers.append(
            (
                WasteCustomer(
                    book_number=f"BS-{counter:05d}",
                    kind=WasteCustomer.Kind.MEMBER,
                    member=member,
                    name=member.full_name,
                    rt=member.rt,
                    rw=member.rw,
                    phone=member.phone,
                    created_by_id=kasir.pk,
                ),
                max(member.joined_on, start),
            )
        )
    for name in rng.sample(HOUSEHOLDS, rng.randint(8, 12)):
        counter += 1
        customers.append(
            (
                WasteCustomer(
                    book_number=f"BS-{counter:05d}",
                    kind=WasteCustomer.Kind.HOUSEHOLD,
                    name=name,
                    rt=f"{rng.randint(1, 8):03d}",
                    phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
                    created_by_id=kasir.pk,
                ),
                start + timedelta(days=rng.randint(0, 120)),
            )
        )
    WasteCustomer.objects.bulk_create([c for c, _ in customers])
    BookCounter.objects.update_or_create(singleton=True, defaults={"last": counter})
    customers = [(c, c.pk, since) for c, since in customers]
    collector = collector_create(
        name="Pengepul Berkah Jaya", contact="Pak Darto, 0813-1122-3344", created_by_id=kasir.pk
    )
    ramadan = _ramadan(start)
    habits = {pk: 0.3 + rng.random() * 0.5 for _, pk, _ in customers}
    day = start + timedelta(days=(5 - start.weekday()) % 7)  # first Saturday
    last = ctx.today - timedelta(days=1)
    month = month_start(day)
    while day <= last:
        batch = []
        for _customer, pk, since in customers:
            if since > day or rng.random() > habits[pk]:
                continue
            lines = []
            for code, (low, high, chance) in MIX.items():
                if code not in items:
                    continue
                factor = _seasonal(code, day, ramadan)
                if rng.random() < min(chance * factor, 0.95):
                    kg = Decimal(str(round(rng.uniform(low, high) * factor, 2)))
                    lines.append({"item_id": items[code].pk, "weight": max(kg, Decimal("0.1"))})
            if lines:
                batch.append(
                    {
                        "customer_id": pk,
                        "lines": lines,
                        "idempotency_key": f"demo:{cooperative.slug}:{day}:{pk}",
                    }
                )
        if batch:
            weighing_day_record(date=day, deposits=batch, created_by_id=kasir.pk)
        next_day = day + timedelta(days=7)
        if month_start(next_day) != month or next_day > last:
            _month_end(cooperative, rng, day=day, collector=collector, kasir=kasir)
            if month.month % 3 == 0:
                _quarter(rng, day=day, customers=customers, kasir=kasir, cooperative=cooperative)
            month = month_start(next_day)
        day = next_day
    ctx.log(
        f"  wastebank {cooperative.slug}: {len(customers)} customers, "
        f"{WasteDeposit.objects.count()} deposits"
    )


def _month_end(cooperative, rng, *, day: date, collector, kasir) -> None:
    """Sell most of each item's stock to the collector, at about its indicative price."""
    prices = prices_on(day=day)
    lines = []
    for stock in WasteStock.objects.filter(quantity__gt=0).order_by("item_id"):
        price = prices.get(stock.item_id)
        if price is None:
            continue
        share = Decimal(str(rng.choice([0.8, 0.9, 1.0, 1.0])))
        weight = (stock.quantity * share).quantize(Decimal("0.001"))
        sell = (price.sell_price * Decimal(str(rng.uniform(0.9, 1.1)))).quantize(Decimal("1"))
        if weight > 0:
            lines.append({"item_id": stock.item_id, "weight": weight, "price": sell})
    if lines:
        sale_record(
            collector_id=collector.pk,
            date=min(month_end(day), day + timedelta(days=1)),
            lines=lines,
            idempotency_key=f"demo:{cooperative.slug}:sale:{day:%Y-%m}",
            created_by_id=kasir.pk,
        )


def _quarter(rng, *, day: date, customers, kasir, cooperative) -> None:
    balances = customer_balances(as_of=day)
    for customer, pk, _since in customers:
        balance = balances.get(pk, Decimal("0"))
        if balance < 20_000 or rng.random() > 0.15:
            continue
        amount = (balance * Decimal("0.8")).quantize(Decimal("1000"))
        kind = "sukarela" if customer.kind == WasteCustomer.Kind.MEMBER else "cash"
        try:
            withdrawal_record(
                customer_id=pk,
                kind=kind,
                amount=amount,
                date=day,
                idempotency_key=f"demo:{cooperative.slug}:wd:{day}:{pk}",
                created_by_id=kasir.pk,
            )
        except (SokoguruError, ValidationError):  # not enough cash that day: they wait
            continue


def seed(*, ctx: DemoContext) -> None:
    chosen = ctx.waste_bank_cooperatives()
    for_each_cooperative(
        DemoContext(
            today=ctx.today,
            seed=ctx.seed,
            cooperatives=[c for c in ctx.cooperatives if c.slug in chosen],
            log=ctx.log,
        ),
        _seed_one,
    )
    ctx.log(f"  wastebank: a year of weekly weighing days in {len(chosen)} RW cooperatives")
