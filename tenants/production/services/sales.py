"""Sales through the cooperative and the settlement of what consignors are owed.

Consignment (titip jual): the member sets the price; the cooperative keeps a commission (the
product's own percentage, else the by-laws default) and owes the member the rest until settled:
    Dr Kas (price × quantity) / Cr Utang titipan anggota (member) / Cr Pendapatan komisi.
Own stock: Dr Kas / Cr Penjualan, and Dr HPP / Cr Persediaan at the moving average cost.
Settlement: Dr Utang titipan anggota (member) / Cr Kas.

Stock never goes below zero: the product row is locked for the sale (concurrent sales of the
last item: one wins, the other is refused) and the database checks ``stock >= 0``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.production.models import (
    ExhibitionEntry,
    Product,
    ProductPrice,
    Sale,
    Settlement,
    StockMovement,
)
from sokoguru.tenants.production.permissions import SALE_ROLES, SETTLEMENT_ROLES
from sokoguru.tenants.production.services._common import (
    mark_catalogue_changed,
    money_value,
    quantity_value,
    whole_rupiah,
)

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
SOURCE_SALE = "production.sale"
SOURCE_SETTLEMENT = "production.settlement"


def _key(idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if not key:
        raise ValidationError({"idempotency_key": "Kunci idempotensi wajib diisi."})
    if len(key) > 120:
        raise ValidationError({"idempotency_key": "Kunci idempotensi terlalu panjang (maks. 120)."})
    return key


def commission_percent_for(product: Product, *, on: date) -> Decimal:
    if product.commission_percent is not None:
        return product.commission_percent
    return Decimal(getattr(bylaws_current(as_of=on), "consignment_commission_pct", 0) or 0)


def consignor_of(product: Product) -> Member:
    """The member a consignment product's proceeds are owed to: the business's first owner."""
    owner = product.business.owners.order_by("pk").first()
    if owner is None:
        raise ValidationError({"product_id": "Usaha produk ini belum memiliki pemilik anggota."})
    return owner


@transaction.atomic
def sale_record(
    *,
    product_id: int,
    quantity,
    date: date,
    idempotency_key: str,
    sold_by_id: int | None,
    channel: str = Sale.Channel.DIRECT,
    exhibition_id: int | None = None,
    unit_price=None,
) -> Sale:
    """Record one sale; posts it to the ledger in the same transaction. The same key with the
    same sale returns the first; with another sale it is refused (``Conflict``)."""
    require_tenant_schema()
    require_role(sold_by_id, SALE_ROLES, field="sold_by_id")
    key = _key(idempotency_key)
    qty = quantity_value(quantity)
    if date is None:
        raise ValidationError({"date": "Tanggal penjualan wajib diisi."})
    if channel not in Sale.Channel.values:
        raise ValidationError({"channel": f"Saluran penjualan tidak dikenal: {channel!r}."})
    if channel == Sale.Channel.EXHIBITION and not exhibition_id:
        raise ValidationError({"exhibition_id": "Penjualan pameran harus menyebut pamerannya."})
    if channel != Sale.Channel.EXHIBITION:
        exhibition_id = None

    existing = Sale.objects.filter(idempotency_key=key).first()
    if existing is not None:
        same = (
            existing.product_id == product_id
            and existing.quantity == qty
            and existing.date == date
            and existing.channel == channel
            and existing.exhibition_id == exhibition_id
        )
        if not same:
            raise Conflict(
                "Kunci idempotensi sudah dipakai untuk penjualan lain.", field="idempotency_key"
            )
        return existing

    product = (
        Product.objects.select_for_update().select_related("business").filter(pk=product_id).first()
    )
    if product is None:
        raise NotFound("Produk tidak ditemukan.", field="product_id")
    if not product.is_active:
        raise ValidationError({"product_id": "Produk tidak aktif."})
    if exhibition_id is not None:
        entry = ExhibitionEntry.objects.filter(exhibition_id=exhibition_id, product=product).first()
        if entry is None:
            raise ValidationError(
                {"exhibition_id": "Produk ini tidak didaftarkan untuk pameran tersebut."}
            )
        sold = Sale.objects.filter(exhibition_id=exhibition_id, product=product).aggregate(
            q=Sum("quantity")
        )["q"] or Decimal("0")
        if sold + qty > entry.quantity:
            raise ValidationError(
                {
                    "quantity": f"Melebihi stok yang dibawa ke pameran: sisa "
                    f"{entry.quantity - sold:f} {product.unit}."
                }
            )
    if qty > product.stock:
        raise ValidationError(
            {
                "quantity": f"Stok {product.name} tidak cukup: tersedia {product.stock:f} "
                f"{product.unit}, diminta {qty:f}."
            }
        )
    if unit_price in (None, ""):
        # The price in force on the sale's date (price history); the current price otherwise.
        in_force = (
            ProductPrice.objects.filter(product=product, effective_from__lte=date)
            .values_list("price", flat=True)
            .first()
        )
        price = in_force if in_force is not None else product.price
    else:
        price = money_value(unit_price, field="unit_price")
    amount = whole_rupiah(price * qty)
    if amount <= 0:
        raise ValidationError({"quantity": "Nilai penjualan harus lebih dari 0."})

    sale = Sale(
        product=product,
        date=date,
        quantity=qty,
        unit_price=price,
        amount=amount,
        mode=product.mode,
        channel=channel,
        exhibition_id=exhibition_id,
        idempotency_key=key,
        created_by_id=sold_by_id,
    )
    where = {
        Sale.Channel.DIRECT: "langsung",
        Sale.Channel.ONLINE: "daring",
        Sale.Channel.EXHIBITION: f"pameran #{exhibition_id}",
    }[channel]
    if product.mode == Product.Mode.CONSIGNMENT:
        consignor = consignor_of(product)
        pct = commission_percent_for(product, on=date)
        commission = whole_rupiah(amount * pct / HUNDRED)
        sale.consignor = consignor
        sale.commission_percent = pct
        sale.commission = commission
        sale.payable = amount - commission
        legs = [
            Leg(account=chart.CASH, debit=amount),
            Leg(account=chart.CONSIGNMENT_PAYABLE, credit=sale.payable, member_id=consignor.pk),
        ]
        if commission > 0:
            legs.append(Leg(account=chart.CONSIGNMENT_COMMISSION_INCOME, credit=commission))
        description = f"Titip jual {product.name} {qty:f} {product.unit} ({where})"
    else:
        sale.cost = whole_rupiah(product.average_cost * qty)
        legs = [
            Leg(account=chart.CASH, debit=amount),
            Leg(account=chart.SALES, credit=amount),
        ]
        if sale.cost > 0:
            legs += [
                Leg(account=chart.COST_OF_GOODS_SOLD, debit=sale.cost),
                Leg(account=chart.INVENTORY, credit=sale.cost),
            ]
        description = f"Penjualan {product.name} {qty:f} {product.unit} ({where})"
    sale.full_clean(exclude=["settlement", "consignor", "product"])
    txn = transaction_post(
        date=date,
        description=description[:255],
        legs=legs,
        idempotency_key=f"production:sale:{key}",
        source_kind=SOURCE_SALE,
        source_id=key,
        created_by_id=sold_by_id,
    )
    sale.journal_transaction_id = txn.pk
    sale.save()
    product.stock -= qty
    product.save(update_fields=["stock", "updated_at"])
    StockMovement.objects.create(
        product=product,
        kind=StockMovement.Kind.SALE_OUT,
        date=date,
        quantity=-qty,
        sale=sale,
        journal_transaction_id=txn.pk,
        created_by_id=sold_by_id,
    )
    mark_catalogue_changed()
    return sale


@transaction.atomic
def consignment_settle(
    *, member_id: int, date: date, idempotency_key: str, settled_by_id: int | None
) -> Settlement:
    """Pay a consignor everything their consignment sales up to ``date`` left them and not yet
    paid (one posting: Dr utang titipan (member) / Cr kas)."""
    require_tenant_schema()
    require_role(settled_by_id, SETTLEMENT_ROLES, field="settled_by_id")
    key = _key(idempotency_key)
    existing = Settlement.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.member_id != member_id or existing.date != date:
            raise Conflict(
                "Kunci idempotensi sudah dipakai untuk pelunasan lain.", field="idempotency_key"
            )
        return existing
    member = Member.objects.select_for_update().filter(pk=member_id).first()
    if member is None:
        raise NotFound("Anggota tidak ditemukan.", field="member_id")
    sales = list(
        Sale.objects.select_for_update()
        .filter(consignor=member, settlement__isnull=True, date__lte=date)
        .order_by("pk")
    )
    amount = sum((s.payable for s in sales), ZERO)
    if amount <= 0:
        raise ValidationError(
            {"member_id": "Tidak ada hak titipan anggota ini yang belum dibayar."}
        )
    settlement = Settlement(
        member=member, date=date, amount=amount, idempotency_key=key, created_by_id=settled_by_id
    )
    settlement.full_clean(exclude=["member"])
    txn = transaction_post(
        date=date,
        description=f"Pembayaran hasil titip jual {member.full_name} ({len(sales)} penjualan)"[
            :255
        ],
        legs=[
            Leg(account=chart.CONSIGNMENT_PAYABLE, debit=amount, member_id=member.pk),
            Leg(account=chart.CASH, credit=amount),
        ],
        idempotency_key=f"production:settlement:{key}",
        source_kind=SOURCE_SETTLEMENT,
        source_id=key,
        created_by_id=settled_by_id,
    )
    settlement.journal_transaction_id = txn.pk
    settlement.save()
    Sale.objects.filter(pk__in=[s.pk for s in sales]).update(settlement=settlement)
    return settlement
