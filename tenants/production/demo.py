"""Demo production: in every RW cooperative, three to five members' micro-businesses
(hidroponik, toga, olahan pangan, kerajinan daur ulang) with a year of weekly output — seasonal,
with a few weeks not recorded, and two cooperatives that stopped recording a few weeks ago — a
catalogue of their products with photos drawn here with Pillow (no downloads), consignment and
own-stock sales over the last months and the settlement of what consignors were owed.

Output rows are bulk-inserted (a year of weeks); products, stock, sales and settlements go
through the services, so every rupiah is in the books. Idempotent: a cooperative with businesses
is left alone; each cooperative is seeded in one transaction."""

from __future__ import annotations

import io
import math
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.production.models import Business, OutputRecord, Period
from sokoguru.tenants.production.services import (
    business_create,
    consignment_settle,
    product_create,
    product_photo_set,
    sale_record,
    stock_in,
)
from sokoguru.tenants.production.services._common import week_start

# kind → (business names, [(product, unit, weekly quantity, price, mode)])
CATALOGUE = {
    "hidroponik": (
        ["Hidroponik Melati", "Kebun Vertikal Anggrek", "Hidroponik Sayur Sehat"],
        [
            ("Selada keriting", "ikat", 25, 5000, "consignment"),
            ("Pakcoy hidroponik", "ikat", 20, 6000, "consignment"),
            ("Kangkung hidroponik", "kg", 6, 12000, "consignment"),
        ],
    ),
    "toga": (
        ["Toga Sehat Bersama", "Apotek Hidup RT 03"],
        [
            ("Bibit jahe merah", "pot", 15, 7500, "consignment"),
            ("Serai wangi", "ikat", 12, 4000, "consignment"),
            ("Kunyit segar", "kg", 3, 15000, "consignment"),
        ],
    ),
    "olahan_pangan": (
        ["Dapur Bu Ratna", "Keripik Berkah"],
        [
            ("Keripik singkong balado", "bungkus", 30, 10000, "own"),
            ("Sambal roa", "botol", 12, 25000, "consignment"),
            ("Wedang jahe instan", "toples", 8, 20000, "consignment"),
        ],
    ),
    "kerajinan_daur_ulang": (
        ["Kreasi Sampah Plastik", "Daur Ulang Kreatif"],
        [
            ("Tas anyaman bungkus kopi", "buah", 4, 45000, "consignment"),
            ("Pot dari ban bekas", "buah", 5, 30000, "own"),
        ],
    ),
}
COLOURS = {
    "hidroponik": (46, 139, 87),
    "toga": (184, 134, 11),
    "olahan_pangan": (178, 34, 34),
    "kerajinan_daur_ulang": (70, 130, 180),
}
WEEKS = 52
STOPPED_SLUGS = {"hj-rw07", "hj-rw19"}  # stopped recording about five weeks ago
STOPPED_WEEKS = 5


def photo_bytes(name: str, kind: str, seed: int) -> bytes:
    """A product picture drawn here: a coloured card with the product's initials."""
    from PIL import Image, ImageDraw

    base = COLOURS.get(kind, (90, 90, 90))
    shade = tuple(min(255, c + (seed * 37) % 60) for c in base)
    image = Image.new("RGB", (600, 600), shade)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        r = 60 + i * 45
        draw.ellipse((300 - r, 300 - r, 300 + r, 300 + r), outline=(255, 255, 255), width=3)
    initials = "".join(w[0] for w in name.split()[:2]).upper()
    draw.rectangle((180, 250, 420, 350), fill=(255, 255, 255))
    draw.text((285, 290), initials, fill=base)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _user(role: str, cooperative) -> User:
    return User.objects.get(email=f"{role}.{cooperative.slug}@sokoguru.id")


def _seed_one(cooperative, ctx: DemoContext) -> None:
    if Business.objects.exists():
        return
    rng = ctx.rng("production", cooperative.slug)
    members = list(
        Member.objects.filter(status=Member.Status.ACTIVE, kind=Member.Kind.PERSON).order_by("pk")
    )
    if len(members) < 3:
        return
    kasir, bendahara = _user("kasir", cooperative), _user("bendahara", cooperative)
    today = ctx.today
    this_week = week_start(today)
    first_week = this_week - timedelta(weeks=WEEKS)
    started = first_week - timedelta(weeks=rng.randint(0, 20))
    kinds = ["hidroponik", "toga", "olahan_pangan", "kerajinan_daur_ulang"]
    rng.shuffle(kinds)
    kinds = kinds[: rng.randint(3, 4)] + (["hidroponik"] if rng.random() < 0.4 else [])
    with transaction.atomic():
        now = timezone.now()
        outputs = []
        for n, kind in enumerate(kinds):
            names, items = CATALOGUE[kind]
            owners = rng.sample(members, k=min(len(members), rng.choice([1, 1, 2])))
            business = business_create(
                name=f"{names[n % len(names)]}",
                kind=kind,
                owner_ids=[m.pk for m in owners],
                started_on=max(started, max(m.joined_on for m in owners)),
                created_by_id=kasir.pk,
            )
            chosen = rng.sample(items, k=min(len(items), 2))
            phase = rng.random() * 2 * math.pi
            stop_after = WEEKS - STOPPED_WEEKS if cooperative.slug in STOPPED_SLUGS else WEEKS
            for week in range(WEEKS):
                monday = first_week + timedelta(weeks=week)
                if monday < business.started_on or week >= stop_after or rng.random() < 0.06:
                    continue  # belum dicatat
                season = 1 + 0.35 * math.sin(2 * math.pi * week / WEEKS + phase)
                for pname, unit, qty, price, _mode in chosen:
                    quantity = Decimal(max(0.0, qty * season * rng.uniform(0.7, 1.3))).quantize(
                        Decimal("0.1")
                    )
                    late = rng.random() < 0.1
                    outputs.append(
                        OutputRecord(
                            business=business,
                            period=Period.WEEK,
                            period_start=monday,
                            product_name=pname,
                            quantity=quantity,
                            unit=unit,
                            value=(quantity * price).quantize(Decimal("1")),
                            recorded_at=now,
                            recorded_by_id=kasir.pk,
                            is_late=late,
                        )
                    )
            for i, (pname, unit, qty, price, mode) in enumerate(chosen):
                product = product_create(
                    business_id=business.pk,
                    name=pname,
                    unit=unit,
                    price=Decimal(price),
                    mode=mode,
                    description=f"{pname} dari {business.name}, usaha anggota {cooperative.name}.",
                    is_published=rng.random() < 0.85,
                    created_by_id=kasir.pk,
                    effective_from=business.started_on,
                )
                product_photo_set(
                    product_id=product.pk,
                    content=photo_bytes(pname, kind, n * 3 + i),
                    set_by_id=kasir.pk,
                )
                day = today - timedelta(days=120)
                stock_in(
                    product_id=product.pk,
                    quantity=qty * 4,
                    unit_cost=Decimal(price) * Decimal("0.6") if mode == "own" else None,
                    date=day,
                    created_by_id=kasir.pk,
                    reason="Setoran hasil produksi",
                )
                for s in range(rng.randint(3, 8)):
                    sale_day = day + timedelta(days=rng.randint(1, 118))
                    sale_record(
                        product_id=product.pk,
                        quantity=rng.randint(1, max(1, qty // 5)),
                        date=sale_day,
                        channel="online" if rng.random() < 0.3 else "direct",
                        idempotency_key=f"demo:sale:{product.pk}:{s}",
                        sold_by_id=kasir.pk,
                    )
        OutputRecord.objects.bulk_create(outputs, batch_size=2000)
        settle_on = today - timedelta(days=today.day)  # last month end
        for member_id in sorted(
            set(
                Member.objects.filter(
                    consignment_sales__settlement__isnull=True,
                    consignment_sales__date__lte=settle_on,
                ).values_list("pk", flat=True)
            )
        ):
            consignment_settle(
                member_id=member_id,
                date=settle_on,
                idempotency_key=f"demo:settle:{member_id}:{settle_on}",
                settled_by_id=bendahara.pk,
            )


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one, kinds={"primary_rw"})
    ctx.log(
        "  production: members' businesses with a year of weekly output, products with photos, "
        "consignment sales"
    )
