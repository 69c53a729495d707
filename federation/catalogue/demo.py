"""Demo catalogue and exhibition: most Harapan Jaya RW cooperatives opt in to the public
catalogue (their ketua's switch); the kelurahan held one exhibition (pameran) two months ago,
invited ten RW cooperatives, which brought products and sold some there, into their own books.
Then every cooperative's catalogue projection is published. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection

from sokoguru.federation.catalogue.models import CatalogueOptIn, Exhibition
from sokoguru.federation.catalogue.services import (
    catalogue_opt_in_set,
    catalogue_publish,
    exhibition_create,
    exhibition_invite,
)
from sokoguru.federation.oversight.models import OversightBody
from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DemoContext
from sokoguru.platform.tenancy.context import switch_to_cooperative

NOT_OPTED_IN = {"hj-rw05", "hj-rw13", "hj-rw22", "hj-rw28"}
EXHIBITION_NAME = "Pameran Produk Usaha Anggota Koperasi RW Harapan Jaya"


def _ketua(cooperative) -> User:
    return User.objects.get(email=f"ketua.{cooperative.slug}@sokoguru.id")


def _exhibition(ctx: DemoContext, rws: list) -> None:
    from sokoguru.tenants.production.models import Product
    from sokoguru.tenants.production.services import exhibition_entry_register, sale_record

    body = OversightBody.objects.filter(slug="kel-harapan-jaya").first()
    if body is None or Exhibition.objects.filter(name=EXHIBITION_NAME).exists():
        return
    lurah = User.objects.get(email="lurah.harapanjaya@sokoguru.id")
    day = ctx.today - timedelta(days=60)
    expo = exhibition_create(
        body=body,
        name=EXHIBITION_NAME,
        starts_on=day,
        ends_on=day + timedelta(days=1),
        place="Aula Kantor Kelurahan Harapan Jaya",
        description="Bazar hidroponik, toga, olahan pangan dan kerajinan daur ulang warga.",
        user=lurah,
    )
    invited = rws[:10]
    exhibition_invite(exhibition=expo, cooperative_ids=[c.pk for c in invited], user=lurah)
    for cooperative in invited:
        rng = ctx.rng("exhibition", cooperative.slug)
        kasir = User.objects.get(email=f"kasir.{cooperative.slug}@sokoguru.id")
        switch_to_cooperative(cooperative)
        try:
            for product in Product.objects.filter(stock__gte=4).order_by("pk")[:2]:
                bring = int(product.stock // 2)
                exhibition_entry_register(
                    exhibition_id=expo.pk,
                    product_id=product.pk,
                    quantity=bring,
                    registered_by_id=kasir.pk,
                )
                for s in range(rng.randint(1, 3)):
                    sale_record(
                        product_id=product.pk,
                        quantity=1,
                        date=day + timedelta(days=s % 2),
                        channel="exhibition",
                        exhibition_id=expo.pk,
                        idempotency_key=f"demo:expo:{expo.pk}:{product.pk}:{s}",
                        sold_by_id=kasir.pk,
                    )
        finally:
            connection.set_schema_to_public()


def seed(*, ctx: DemoContext) -> None:
    rws = [c for c in ctx.cooperatives if c.kind == "primary_rw"]
    for cooperative in rws:
        if cooperative.slug in NOT_OPTED_IN:
            continue
        if not CatalogueOptIn.objects.filter(cooperative=cooperative).exists():
            catalogue_opt_in_set(cooperative=cooperative, enabled=True, user=_ketua(cooperative))
    _exhibition(ctx, rws)
    published = sum(catalogue_publish(cooperative=c) for c in ctx.cooperatives)
    ctx.log(f"  catalogue: {published} products in the public catalogue, one exhibition")
    if rws:
        code = rws[0].domicile_id
        port = getattr(settings, "DEMO_PORT", 8000)
        ctx.login(
            "Katalog publik (tanpa login)",
            "-",
            f"http://{settings.PLATFORM_DOMAIN}:{port}/katalog/kelurahan/{code}/",
        )
