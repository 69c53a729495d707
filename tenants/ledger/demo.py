"""Demo books: a year of each cooperative's own journal history — the opening balances carried
over from the hand-kept books, a grant, bank transfers, bank interest and fees, secretariat
costs, board honoraria, the annual meeting and an equipment purchase. Members' savings and loans
are posted by their own apps (with member sub-ledgers).

Idempotent: each cooperative's history is posted in one database transaction, with
idempotency keys, and skipped when it is already there."""

from __future__ import annotations

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
MONTHLY_COSTS = [
    "Alat tulis kantor dan fotokopi",
    "Listrik dan air sekretariat",
    "Konsumsi rapat pengurus",
    "Pulsa dan paket data pengurus",
]


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

    cash = _rupiah(rng, 2_000_000, 6_000_000, scale)
    bank = _rupiah(rng, 5_000_000, 15_000_000, scale)
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
    for month in months:
        if month == grant_month:
            grant = _rupiah(rng, 10_000_000, 25_000_000, scale, step=500_000)
            add(
                month + timedelta(days=rng.randint(2, 9)),
                GRANTS.get(cooperative.kind, GRANTS["primary_other"]),
                [Leg(account=chart.BANK, debit=grant), Leg(account=chart.HIBAH, credit=grant)],
            )
        if month == rat_month:
            rat = _rupiah(rng, 750_000, 2_000_000, scale)
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
        for i, label in enumerate(MONTHLY_COSTS):
            cost = _rupiah(rng, 40_000, 150_000, scale, step=500)
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
        if month.month in (3, 6, 9, 12):
            honor = _rupiah(rng, 300_000, 900_000, scale, step=50_000)
            if balance[chart.CASH] >= honor:
                add(
                    month + timedelta(days=25),
                    f"Honorarium pengurus dan pengawas triwulan {(month.month - 1) // 3 + 1}",
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
