"""Categories, items and the price list. A price applies from its ``effective_from`` day until
the next price of the item starts; a new price may not start on or before a day that already
has deposits of the item, so a price change is never retroactive."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.wastebank.models import (
    Unit,
    WasteCategory,
    WasteDepositLine,
    WasteItem,
    WastePrice,
    WasteStock,
)
from sokoguru.tenants.wastebank.permissions import require_manager
from sokoguru.tenants.wastebank.services._common import money_of

# The day the default prices start: before any deposit a new cooperative can record.
DEFAULT_PRICES_FROM = Date(2020, 1, 1)

# (category code, name, [(item code, name, unit, buy per unit, indicative sell per unit)])
DEFAULT_CATALOGUE = [
    (
        "kertas",
        "Kertas",
        [
            ("kardus", "Kardus", Unit.KG, "1500", "2200"),
            ("kertas-hvs", "Kertas HVS / arsip", Unit.KG, "2000", "2800"),
            ("koran", "Koran dan majalah", Unit.KG, "1200", "1800"),
        ],
    ),
    (
        "plastik",
        "Plastik",
        [
            ("plastik-pet", "Plastik PET (botol bening)", Unit.KG, "3500", "4800"),
            ("plastik-gelas", "Gelas plastik (PP)", Unit.KG, "4000", "5500"),
            ("plastik-campur", "Plastik campur / kresek", Unit.KG, "500", "900"),
        ],
    ),
    (
        "logam",
        "Logam",
        [
            ("besi", "Besi", Unit.KG, "3000", "4000"),
            ("aluminium", "Aluminium (kaleng)", Unit.KG, "10000", "13000"),
            ("tembaga", "Tembaga", Unit.KG, "60000", "75000"),
        ],
    ),
    ("kaca", "Kaca", [("botol-kaca", "Botol kaca", Unit.KG, "300", "600")]),
    (
        "minyak",
        "Minyak jelantah",
        [("minyak-jelantah", "Minyak jelantah", Unit.LITRE, "4000", "6000")],
    ),
]


def wastebank_install(*, cooperative=None) -> int:
    """Provisioning hook (after ``chart_install``): the default categories, items with an
    empty stock row, and their first prices, in five queries. Idempotent: a cooperative that
    has items is left as it is. Returns the items created."""
    require_tenant_schema()
    if WasteItem.objects.exists():
        return 0
    categories = WasteCategory.objects.bulk_create(
        [
            WasteCategory(code=code, name=name, sort_order=order)
            for order, (code, name, _items) in enumerate(DEFAULT_CATALOGUE)
        ]
    )
    specs = [
        (category, order, spec)
        for category, (_code, _name, items) in zip(categories, DEFAULT_CATALOGUE, strict=True)
        for order, spec in enumerate(items)
    ]
    created = WasteItem.objects.bulk_create(
        [
            WasteItem(category=category, code=code, name=name, unit=unit, sort_order=order)
            for category, order, (code, name, unit, _buy, _sell) in specs
        ]
    )
    WasteStock.objects.bulk_create([WasteStock(item=item) for item in created])
    WastePrice.objects.bulk_create(
        [
            WastePrice(
                item=item,
                effective_from=DEFAULT_PRICES_FROM,
                buy_price=Decimal(buy),
                sell_price=Decimal(sell),
            )
            for item, (_c, _o, (_code, _name, _unit, buy, sell)) in zip(created, specs, strict=True)
        ]
    )
    return len(created)


@transaction.atomic
def category_create(*, code: str, name: str, created_by_id: int | None) -> WasteCategory:
    require_tenant_schema()
    require_manager(created_by_id)
    category = WasteCategory(code=(code or "").strip(), name=(name or "").strip())
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def item_create(
    *,
    category_id: int,
    code: str,
    name: str,
    unit: str,
    buy_price,
    sell_price,
    effective_from: Date,
    created_by_id: int | None,
) -> WasteItem:
    """A new item with its first price and an empty stock row."""
    require_tenant_schema()
    require_manager(created_by_id)
    category = WasteCategory.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFound("Kategori tidak ditemukan. / Category not found.", field="category_id")
    item = WasteItem(
        category=category, code=(code or "").strip(), name=(name or "").strip(), unit=unit
    )
    item.full_clean()
    item.save()
    WasteStock.objects.create(item=item)
    _price_insert(
        item=item,
        effective_from=effective_from,
        buy_price=buy_price,
        sell_price=sell_price,
        created_by_id=created_by_id,
    )
    return item


def _price_insert(*, item, effective_from, buy_price, sell_price, created_by_id) -> WastePrice:
    if not isinstance(effective_from, Date):
        raise ValidationError({"effective_from": "Tanggal berlaku wajib diisi. / Required."})
    price = WastePrice(
        item=item,
        effective_from=effective_from,
        buy_price=money_of(buy_price, field="buy_price"),
        sell_price=money_of(sell_price, field="sell_price", allow_zero=True),
        created_by_id=created_by_id,
    )
    price.full_clean(validate_constraints=False)
    price.save()
    return price


@transaction.atomic
def price_set(
    *,
    item_id: int,
    effective_from: Date,
    buy_price,
    sell_price,
    created_by_id: int | None,
) -> WastePrice:
    """A new price of an item from ``effective_from``. Refused when a deposit of the item is
    dated on or after that day (its value would change: prices are never retroactive) and when
    the item already has a price starting that day."""
    require_tenant_schema()
    require_manager(created_by_id)
    item = WasteItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound("Jenis sampah tidak ditemukan. / Item not found.", field="item_id")
    if not isinstance(effective_from, Date):
        raise ValidationError({"effective_from": "Tanggal berlaku wajib diisi. / Required."})
    last = (
        WasteDepositLine.objects.filter(item=item, deposit__date__gte=effective_from)
        .order_by("-deposit__date")
        .values_list("deposit__date", flat=True)
        .first()
    )
    if last is not None:
        raise ValidationError(
            {
                "effective_from": f"Sudah ada setoran {item.name} pada {last:%d-%m-%Y}: harga "
                "baru harus berlaku sesudahnya (tidak berlaku surut). / A deposit exists on "
                "or after that day; prices are never retroactive."
            }
        )
    if WastePrice.objects.filter(item=item, effective_from=effective_from).exists():
        raise ValidationError(
            {
                "effective_from": "Sudah ada harga yang berlaku mulai tanggal itu. / "
                "A price already starts that day."
            }
        )
    return _price_insert(
        item=item,
        effective_from=effective_from,
        buy_price=buy_price,
        sell_price=sell_price,
        created_by_id=created_by_id,
    )
