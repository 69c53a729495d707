"""The cooperative's product catalogue: products, prices with history, photos (resized with
Pillow, stored in the cooperative's own media folder), published flag and stock movements."""

from __future__ import annotations

import io
import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.production.models import (
    Business,
    Product,
    ProductPrice,
    StockMovement,
    Unit,
)
from sokoguru.tenants.production.permissions import CATALOGUE_ROLES
from sokoguru.tenants.production.services._common import (
    mark_catalogue_changed,
    money_value,
    quantity_value,
    whole_rupiah,
)

PHOTO_MAX_PX = 1200
THUMB_MAX_PX = 400
PHOTO_MAX_BYTES = 8 * 1024 * 1024
SOURCE_STOCK = "production.stock"


def _product_locked(product_id: int) -> Product:
    product = Product.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        raise NotFound("Produk tidak ditemukan.", field="product_id")
    return product


@transaction.atomic
def product_create(
    *,
    business_id: int,
    name: str,
    unit: str,
    price,
    created_by_id: int | None,
    mode: str = Product.Mode.CONSIGNMENT,
    description: str = "",
    commission_percent=None,
    is_published: bool = False,
    effective_from: date | None = None,
) -> Product:
    require_tenant_schema()
    require_role(created_by_id, CATALOGUE_ROLES, field="created_by_id")
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        raise NotFound("Usaha tidak ditemukan.", field="business_id")
    if unit not in Unit.values:
        raise ValidationError({"unit": f"Satuan tidak dikenal: {unit!r}."})
    amount = money_value(price, field="price", allow_zero=False)
    product = Product(
        business=business,
        name=(name or "").strip(),
        unit=unit,
        price=amount,
        mode=mode,
        description=description or "",
        commission_percent=commission_percent,
        is_published=bool(is_published),
        created_by_id=created_by_id,
    )
    product.full_clean()
    product.save()
    ProductPrice.objects.create(
        product=product,
        price=amount,
        effective_from=effective_from or cooperative_today(),
        set_by_id=created_by_id,
    )
    mark_catalogue_changed()
    return product


@transaction.atomic
def product_update(
    *,
    product_id: int,
    updated_by_id: int | None,
    name: str | None = None,
    description: str | None = None,
    commission_percent=...,
    is_published: bool | None = None,
    is_active: bool | None = None,
) -> Product:
    require_tenant_schema()
    require_role(updated_by_id, CATALOGUE_ROLES, field="updated_by_id")
    product = _product_locked(product_id)
    if name is not None:
        product.name = name.strip()
    if description is not None:
        product.description = description
    if commission_percent is not ...:
        product.commission_percent = commission_percent
    if is_published is not None:
        product.is_published = bool(is_published)
    if is_active is not None:
        product.is_active = bool(is_active)
    product.full_clean()
    product.save()
    mark_catalogue_changed()
    return product


@transaction.atomic
def product_price_set(
    *, product_id: int, price, set_by_id: int | None, effective_from: date | None = None
) -> ProductPrice:
    """A new price from ``effective_from`` (default today); the old ones stay in the history.
    For consignment the member sets the price; an officer enters it."""
    require_tenant_schema()
    require_role(set_by_id, CATALOGUE_ROLES, field="set_by_id")
    product = _product_locked(product_id)
    amount = money_value(price, field="price", allow_zero=False)
    effective_from = effective_from or cooperative_today()
    entry = ProductPrice(
        product=product, price=amount, effective_from=effective_from, set_by_id=set_by_id
    )
    entry.full_clean()
    entry.save()
    current = ProductPrice.objects.filter(
        product=product, effective_from__lte=cooperative_today()
    ).first()
    if current is not None and product.price != current.price:
        product.price = current.price
        product.save(update_fields=["price", "updated_at"])
    mark_catalogue_changed()
    return entry


def _resized_jpeg(image, max_px: int) -> bytes:
    from PIL import Image

    copy = image.copy()
    copy.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


@transaction.atomic
def product_photo_set(*, product_id: int, content: bytes, set_by_id: int | None) -> Product:
    """Store a product photo: any image Pillow reads, converted to JPEG, at most 1200 px (and a
    400 px thumbnail for the list pages), in the cooperative's own media folder."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    require_tenant_schema()
    require_role(set_by_id, CATALOGUE_ROLES, field="set_by_id")
    product = _product_locked(product_id)
    if not content:
        raise ValidationError({"photo": "Foto kosong."})
    if len(content) > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": "Foto terlalu besar (maks. 8 MB)."})
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(content))
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"photo": "Berkas bukan gambar yang dapat dibaca."})
    stem = f"{product.pk}-{uuid.uuid4().hex[:10]}"
    old = [f.name for f in (product.photo, product.thumbnail) if f]
    product.photo.save(f"{stem}.jpg", ContentFile(_resized_jpeg(image, PHOTO_MAX_PX)), save=False)
    product.thumbnail.save(
        f"{stem}.jpg", ContentFile(_resized_jpeg(image, THUMB_MAX_PX)), save=False
    )
    product.save(update_fields=["photo", "thumbnail", "updated_at"])
    storage = product.photo.storage

    def _remove_old():
        for name in old:
            storage.delete(name)

    transaction.on_commit(_remove_old, robust=True)
    mark_catalogue_changed()
    return product


def _apply_stock(product: Product, quantity: Decimal, **fields) -> StockMovement:
    new_stock = product.stock + quantity
    if new_stock < 0:
        raise ValidationError(
            {
                "quantity": f"Stok {product.name} tidak cukup: tersedia {product.stock:f} "
                f"{product.unit}, diminta {-quantity:f}."
            }
        )
    movement = StockMovement(product=product, quantity=quantity, **fields)
    movement.full_clean(exclude=["sale"])
    movement.save()
    product.stock = new_stock
    product.save(update_fields=["stock", "average_cost", "updated_at"])
    return movement


@transaction.atomic
def stock_in(
    *,
    product_id: int,
    quantity,
    date: date,
    created_by_id: int | None,
    unit_cost=None,
    reason: str = "",
) -> StockMovement:
    """Goods come in from the business. Consignment goods stay the member's (no posting); goods
    the cooperative buys for its own stock are paid from cash at ``unit_cost`` (Dr persediaan,
    Cr kas) and set the moving average cost."""
    require_tenant_schema()
    require_role(created_by_id, CATALOGUE_ROLES, field="created_by_id")
    product = _product_locked(product_id)
    qty = quantity_value(quantity)
    txn_id = None
    cost = None
    if product.mode == Product.Mode.OWN:
        if unit_cost in (None, ""):
            raise ValidationError({"unit_cost": "Harga beli per satuan wajib untuk stok sendiri."})
        cost = money_value(unit_cost, field="unit_cost")
        total = whole_rupiah(cost * qty)
        held = product.stock * product.average_cost
        product.average_cost = whole_rupiah((held + total) / (product.stock + qty))
        movement_key = f"production:stock-in:{product.pk}:{uuid.uuid4().hex}"
        if total > 0:
            txn = transaction_post(
                date=date,
                description=f"Pembelian stok {product.name} ({qty:f} {product.unit})",
                legs=[
                    Leg(account=chart.INVENTORY, debit=total),
                    Leg(account=chart.CASH, credit=total),
                ],
                idempotency_key=movement_key,
                source_kind=SOURCE_STOCK,
                source_id=str(product.pk),
                created_by_id=created_by_id,
            )
            txn_id = txn.pk
    movement = _apply_stock(
        product,
        qty,
        kind=StockMovement.Kind.PRODUCTION_IN,
        date=date,
        unit_cost=cost,
        reason=reason or "",
        journal_transaction_id=txn_id,
        created_by_id=created_by_id,
    )
    mark_catalogue_changed()
    return movement


@transaction.atomic
def stock_adjust(
    *, product_id: int, quantity, date: date, reason: str, created_by_id: int | None
) -> StockMovement:
    """Correct the stock after a count (spoiled, lost, found); a reason is required. For the
    cooperative's own stock the difference at average cost is posted (loss to other expenses,
    gain to other income)."""
    require_tenant_schema()
    require_role(created_by_id, CATALOGUE_ROLES, field="created_by_id")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan penyesuaian stok wajib diisi."})
    product = _product_locked(product_id)
    qty = quantity_value(quantity, positive=False)
    if qty == 0:
        raise ValidationError({"quantity": "Penyesuaian tidak boleh 0."})
    txn_id = None
    if product.mode == Product.Mode.OWN and product.average_cost > 0:
        total = whole_rupiah(abs(qty) * product.average_cost)
        if total > 0:
            if qty < 0:
                legs = [
                    Leg(account=chart.OTHER_EXPENSE, debit=total),
                    Leg(account=chart.INVENTORY, credit=total),
                ]
            else:
                legs = [
                    Leg(account=chart.INVENTORY, debit=total),
                    Leg(account=chart.OTHER_INCOME, credit=total),
                ]
            txn = transaction_post(
                date=date,
                description=f"Penyesuaian stok {product.name}: {reason.strip()}"[:255],
                legs=legs,
                idempotency_key=(f"production:stock-adjust:{product.pk}:{uuid.uuid4().hex}"),
                source_kind=SOURCE_STOCK,
                source_id=str(product.pk),
                created_by_id=created_by_id,
            )
            txn_id = txn.pk
    movement = _apply_stock(
        product,
        qty,
        kind=StockMovement.Kind.ADJUSTMENT,
        date=date,
        reason=reason.strip(),
        journal_transaction_id=txn_id,
        created_by_id=created_by_id,
    )
    mark_catalogue_changed()
    return movement
