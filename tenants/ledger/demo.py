"""Demo books: a year of each cooperative's own journal history — the opening balances carried
over from the hand-kept books, a grant, bank transfers, bank interest and fees, the waste bank's
margin (RW cooperatives), secretariat costs, board honoraria, the annual meeting and an equipment
purchase. Members' savings and loans are posted by their own apps (with member sub-ledgers).

The cooperative's own costs are sized to what it earns: an RW cooperative spends tens of
thousands of rupiah a month and pays its board a modest honorarium once a year, so with the jasa
on its loans most cooperatives end the year with a small surplus (SHU).

Idempotent: each cooperative's history is posted in one database transaction, with
idempotency keys, and skipped when it is already there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import Account, JournalTransaction
from sokoguru.tenants.ledger.services import Leg, account_create, transaction_post_many

KEY_PREFIX = "demo:ledger:"
SOURCE = "ledger.demo"

# How big a cooperative's own money is, by kind (multiplier on an RW cooperative's amounts).
SCALE = {"primary_rw": 1, "primary_opd": 6, "primary_other": 2, "secondary": 20}


# What a cooperative spends on itself, by kind (rupiah ranges): its monthly costs, the board's
# honorarium paid once a year after the annual meeting, and the annual meeting (RAT) itself.
@dataclass(frozen=True)
class Costs:
    monthly: tuple[tuple[str, int, int], ...]
    honorarium: tuple[int, int]
    rat: tuple[int, int]
    waste_bank_margin: tuple[int, int] | None = None  # monthly, RW cooperatives with a bank sampah


COSTS = {
    "primary_rw": Costs(
        monthly=(
            ("Alat tulis kantor dan fotokopi", 5_000, 15_000),
            ("Pulsa dan paket data pengurus", 10_000, 25_000),
        ),
        honorarium=(100_000, 250_000),
        rat=(150_000, 350_000),
        waste_bank_margin=(20_000, 80_000),
    ),
    "primary_opd": Costs(
        monthly=(
            ("Alat tulis kantor dan fotokopi", 40_000, 100_000),
            ("Konsumsi rapat pengurus", 75_000, 150_000),
            ("Pulsa dan paket data pengurus", 40_000, 80_000),
        ),
        honorarium=(1_000_000, 2_000_000),
        rat=(1_000_000, 2_000_000),
    ),
    "primary_other": Costs(
        monthly=(
            ("Alat tulis kantor dan fotokopi", 20_000, 60_000),
            ("Pulsa dan paket data pengurus", 20_000, 50_000),
        ),
        honorarium=(300_000, 800_000),
        rat=(400_000, 1_000_000),
    ),
    "secondary": Costs(
        monthly=(("Alat tulis kantor, pulsa dan internet", 75_000, 150_000),),
        honorarium=(500_000, 1_000_000),
        rat=(750_000, 1_250_000),
    ),
}

BANKS = {"primary_rw": "Bank BJB", "primary_opd": "Bank Sumut", "secondary": "Bank Sumut"}
GRANTS = {
    "primary_rw": "Hibah Pemerintah Kota Bekasi untuk penguatan koperasi RW",
    "primary_opd": "Hibah dari dana sosial pegawai untuk modal koperasi",
    "primary_other": "Hibah program penguatan koperasi",
    "secondary": "Hibah Dinas Koperasi dan UKM Provinsi Sumatera Utara",
}
EQUIPMENT = {
    "primary_rw": "Pembelian timbangan digital dan tenda untuk bank sampah",
    "primary_opd": "Pembelian komputer dan printer sekretariat",
    "primary_other": "Pembelian peralatan sekretariat",
    "secondary": "Pembelian perangkat sekretariat dan aplikasi akuntansi",
}


def _rupiah(rng, low: int, high: int, scale: int, step: int = 1000) -> Decimal:
    """A whole amount in [low, high] * scale rounded to ``step`` rupiah."""
    value = rng.randint(low * scale, high * scale)
    return Decimal(max(step, value - value % step))


def _month_starts(today: date) -> list[date]:
    """The first day of each of the twelve months before ``today``'s month."""
    first = today.replace(day=1)
    months = []
    for _ in range(12):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return list(reversed(months))


def _plan(cooperative, ctx: DemoContext) -> list[dict]:
    """The cooperative's year as posting arguments, in date order, never overdrawing cash."""
    rng = ctx.rng("ledger", cooperative.slug)
    scale = SCALE.get(cooperative.kind, 1)
    costs = COSTS.get(cooperative.kind, COSTS["primary_other"])
    months = _month_starts(ctx.today)
    opening_day = months[0]
    entries: list[dict] = []
    balance = {chart.CASH: Decimal(0), chart.BANK: Decimal(0)}

    def add(day: date, description: str, legs: list[Leg]) -> None:
        for leg in legs:
            if leg.account in balance:
                balance[leg.account] += leg.debit - leg.credit
        entries.append(
            {
                "date": day,
                "description": description,
                "legs": legs,
                "idempotency_key": f"{KEY_PREFIX}{cooperative.slug}:{len(entries) + 1}",
                "source_kind": SOURCE,
                "source_id": str(len(entries) + 1),
            }
        )

    small = cooperative.kind == "primary_rw"  # an RW cooperative's own money is modest
    cash = _rupiah(rng, *((500_000, 2_000_000) if small else (2_000_000, 6_000_000)), scale)
    bank = _rupiah(rng, *((2_000_000, 8_000_000) if small else (5_000_000, 15_000_000)), scale)
    fixed = _rupiah(rng, 1_000_000, 5_000_000, scale)
    add(
        opening_day,
        "Saldo awal dari pembukuan manual",
        [
            Leg(account=chart.CASH, debit=cash),
            Leg(account=chart.BANK, debit=bank),
            Leg(account=chart.FIXED_ASSETS, debit=fixed),
            Leg(account=chart.CADANGAN, credit=cash + bank + fixed),
        ],
    )
    grant_month = months[rng.randint(1, 4)]
    equipment_month = months[rng.randint(5, 8)]
    rat_month = months[rng.randint(2, 4)]
    # A hand-kept waste bank's margin, unless the cooperative's waste bank runs in the product
    # (its sales post their own margin there).
    has_waste_bank = rng.random() < 0.7 and cooperative.slug not in ctx.waste_bank_cooperatives()
    for month in months:
        if month == grant_month:
            low, high = (5_000_000, 10_000_000) if small else (10_000_000, 25_000_000)
            grant = _rupiah(rng, low, high, scale, step=500_000)
            add(
                month + timedelta(days=rng.randint(2, 9)),
                GRANTS.get(cooperative.kind, GRANTS["primary_other"]),
                [Leg(account=chart.BANK, debit=grant), Leg(account=chart.HIBAH, credit=grant)],
            )
        if month == rat_month:
            rat = _rupiah(rng, *costs.rat, 1, step=10_000)
            if balance[chart.CASH] < rat:
                withdraw = rat - balance[chart.CASH] + 500_000
                add(
                    month + timedelta(days=10),
                    "Penarikan tunai dari bank untuk RAT",
                    [
                        Leg(account=chart.CASH, debit=withdraw),
                        Leg(account=chart.BANK, credit=withdraw),
                    ],
                )
            add(
                month + timedelta(days=12),
                f"Biaya Rapat Anggota Tahunan tahun buku {month.year - 1}",
                [Leg(account=chart.RAT_EXPENSE, debit=rat), Leg(account=chart.CASH, credit=rat)],
            )
        if month == equipment_month:
            price = _rupiah(rng, 1_500_000, 4_000_000, scale, step=50_000)
            if balance[chart.BANK] >= price:
                add(
                    month + timedelta(days=rng.randint(3, 20)),
                    EQUIPMENT.get(cooperative.kind, EQUIPMENT["primary_other"]),
                    [
                        Leg(account=chart.FIXED_ASSETS, debit=price),
                        Leg(account=chart.BANK, credit=price),
                    ],
                )
        for i, (label, low, high) in enumerate(costs.monthly):
            cost = _rupiah(rng, low, high, 1, step=500)
            if balance[chart.CASH] < cost:
                withdraw = _rupiah(rng, 1_000_000, 2_000_000, scale)
                if balance[chart.BANK] < withdraw:
                    continue
                add(
                    month + timedelta(days=4),
                    "Penarikan tunai dari bank untuk kas kecil",
                    [
                        Leg(account=chart.CASH, debit=withdraw),
                        Leg(account=chart.BANK, credit=withdraw),
                    ],
                )
            add(
                month + timedelta(days=5 + i * 5),
                f"{label} {month:%m/%Y}",
                [
                    Leg(account=chart.OPERATING_EXPENSE, debit=cost),
                    Leg(account=chart.CASH, credit=cost),
                ],
            )
        if costs.waste_bank_margin and has_waste_bank:
            margin = _rupiah(rng, *costs.waste_bank_margin, 1, step=500)
            add(
                month + timedelta(days=20),
                f"Margin penjualan sampah ke pengepul {month:%m/%Y}",
                [
                    Leg(account=chart.CASH, debit=margin),
                    Leg(account=chart.WASTE_BANK_MARGIN, credit=margin),
                ],
            )
        if month == rat_month:
            honor = _rupiah(rng, *costs.honorarium, 1, step=50_000)
            if balance[chart.CASH] >= honor:
                add(
                    month + timedelta(days=25),
                    f"Honorarium pengurus dan pengawas tahun buku {month.year - 1}",
                    [
                        Leg(account=chart.HONORARIUM_EXPENSE, debit=honor),
                        Leg(account=chart.CASH, credit=honor),
                    ],
                )
        surplus_cash = balance[chart.CASH] - 1_500_000 * scale
        if surplus_cash > 500_000 * scale:
            deposit = Decimal(int(surplus_cash) // 100_000 * 100_000)
            add(
                month + timedelta(days=26),
                "Setoran kas ke rekening bank koperasi",
                [Leg(account=chart.BANK, debit=deposit), Leg(account=chart.CASH, credit=deposit)],
            )
        month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        interest = Decimal(int(balance[chart.BANK] * Decimal("0.0015")) // 100 * 100)
        if interest > 0:
            add(
                month_end,
                f"Jasa giro bank {month:%m/%Y}",
                [
                    Leg(account=chart.BANK, debit=interest),
                    Leg(account=chart.OTHER_INCOME, credit=interest),
                ],
            )
        fee = Decimal(rng.choice([6_500, 10_000, 12_500]))
        add(
            month_end,
            f"Biaya administrasi bank {month:%m/%Y}",
            [Leg(account=chart.OTHER_EXPENSE, debit=fee), Leg(account=chart.BANK, credit=fee)],
        )
    return entries


def _seed_one(cooperative, ctx: DemoContext) -> None:
    if JournalTransaction.objects.filter(
        idempotency_key__startswith=f"{KEY_PREFIX}{cooperative.slug}:"
    ).exists():
        return
    bank_code = f"{chart.BANK}.01"
    with transaction.atomic():
        if not Account.objects.filter(code=bank_code).exists():
            account_create(
                parent=chart.BANK,
                code=bank_code,
                name=f"{BANKS.get(cooperative.kind, 'Bank BRI')} — rekening koperasi",
            )
        entries = _plan(cooperative, ctx)
        for entry in entries:
            entry["legs"] = [
                Leg(
                    leg.account if leg.account != chart.BANK else bank_code,
                    leg.debit,
                    leg.credit,
                    leg.member_id,
                )
                for leg in entry["legs"]
            ]
        transaction_post_many(postings=entries)


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one)
