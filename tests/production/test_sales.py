"""Consignment and own-stock sales, settlement, stock movements, photos: each posting exact."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from sokoguru.platform.core.errors import Conflict, PermissionDenied
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.production import selectors
from sokoguru.tenants.production.models import Product, Sale, StockMovement
from sokoguru.tenants.production.services import (
    consignment_settle,
    product_create,
    product_photo_set,
    product_price_set,
    sale_record,
    stock_adjust,
    stock_in,
)

DAY = date(2025, 3, 3)


def _balances(member_id=None):
    """Balances of the accounts sales touch; cash without the members' simpanan pokok."""
    pokok = account_balance(account=chart.SIMPANAN_POKOK)
    return {
        "kas": account_balance(account=chart.CASH) - pokok,
        "titipan": account_balance(account=chart.CONSIGNMENT_PAYABLE),
        "titipan_member": account_balance(account=chart.CONSIGNMENT_PAYABLE, member_id=member_id),
        "komisi": account_balance(account=chart.CONSIGNMENT_COMMISSION_INCOME),
        "penjualan": account_balance(account=chart.SALES),
        "hpp": account_balance(account=chart.COST_OF_GOODS_SOLD),
        "persediaan": account_balance(account=chart.INVENTORY),
    }


def test_consignment_sale_then_settlement_post_exactly(consigned, kasir, bendahara, owner):
    # given 10 ikat at Rp 15.000 consigned; the by-laws default commission is 10 %
    # when 3 ikat are sold
    sale = sale_record(
        product_id=consigned.pk, quantity=3, date=DAY, idempotency_key="s1", sold_by_id=kasir.pk
    )
    # then Rp 45.000 in cash, Rp 4.500 commission, Rp 40.500 owed to the member
    assert (sale.amount, sale.commission, sale.payable) == (
        Decimal("45000.00"),
        Decimal("4500.00"),
        Decimal("40500.00"),
    )
    assert sale.consignor_id == owner.pk
    b = _balances(owner.pk)
    assert b["kas"] == Decimal("45000.00")
    assert b["titipan_member"] == Decimal("40500.00")
    assert b["komisi"] == Decimal("4500.00")
    assert b["penjualan"] == 0 and b["persediaan"] == 0
    consigned.refresh_from_db()
    assert consigned.stock == Decimal("7.000")
    assert selectors.consignment_payable_by_member() == {owner.pk: Decimal("40500.00")}

    # when a second sale, then the settlement
    sale_record(
        product_id=consigned.pk, quantity=1, date=DAY, idempotency_key="s2", sold_by_id=kasir.pk
    )
    settlement = consignment_settle(
        member_id=owner.pk, date=DAY, idempotency_key="set1", settled_by_id=bendahara.pk
    )
    # then the member is paid 40.500 + 13.500 and owed nothing
    assert settlement.amount == Decimal("54000.00")
    b = _balances(owner.pk)
    assert b["titipan_member"] == 0 and b["titipan"] == 0
    assert b["kas"] == Decimal("60000.00") - Decimal("54000.00")
    assert b["komisi"] == Decimal("6000.00")
    assert set(Sale.objects.values_list("settlement_id", flat=True)) == {settlement.pk}
    txn = JournalTransaction.objects.get(pk=settlement.journal_transaction_id)
    assert txn.source_kind == "production.settlement"
    # and nothing is left to settle
    with pytest.raises(ValidationError) as nothing:
        consignment_settle(
            member_id=owner.pk, date=DAY, idempotency_key="set2", settled_by_id=bendahara.pk
        )
    assert "member_id" in nothing.value.error_dict


def test_product_commission_overrides_the_bylaws_and_rounds_to_whole_rupiah(business, kasir, owner):
    product = product_create(
        business_id=business.pk,
        name="Nugget sayur",
        unit="bungkus",
        price=Decimal("12500"),
        commission_percent=Decimal("12.50"),
        created_by_id=kasir.pk,
    )
    stock_in(product_id=product.pk, quantity=5, date=DAY, created_by_id=kasir.pk)
    sale = sale_record(
        product_id=product.pk, quantity=1, date=DAY, idempotency_key="n1", sold_by_id=kasir.pk
    )
    # 12.5 % of 12.500 = 1.562,50 → 1.563; the member gets 10.937
    assert (sale.commission, sale.payable) == (Decimal("1563.00"), Decimal("10937.00"))
    assert _balances(owner.pk)["titipan_member"] == Decimal("10937.00")


def test_own_stock_purchase_and_sale_post_sales_and_cost(business, kasir):
    product = product_create(
        business_id=business.pk,
        name="Sabun sereh",
        unit="buah",
        price=Decimal("12000"),
        mode="own",
        created_by_id=kasir.pk,
    )
    stock_in(product_id=product.pk, quantity=5, unit_cost="8000", date=DAY, created_by_id=kasir.pk)
    sale = sale_record(
        product_id=product.pk, quantity=2, date=DAY, idempotency_key="o1", sold_by_id=kasir.pk
    )
    b = _balances()
    assert sale.cost == Decimal("16000.00") and sale.payable == 0
    assert b["persediaan"] == Decimal("24000.00")
    assert b["penjualan"] == Decimal("24000.00")
    assert b["hpp"] == Decimal("16000.00")
    assert b["kas"] == Decimal("-40000.00") + Decimal("24000.00")
    # and a counted loss of one piece is posted at average cost with its reason
    stock_adjust(
        product_id=product.pk, quantity=-1, date=DAY, reason="rusak", created_by_id=kasir.pk
    )
    assert _balances()["persediaan"] == Decimal("16000.00")
    product.refresh_from_db()
    assert product.stock == Decimal("2.000")


def test_sale_beyond_stock_is_refused_and_nothing_written(consigned, kasir):
    before = JournalTransaction.objects.count()
    with pytest.raises(ValidationError) as exc:
        sale_record(
            product_id=consigned.pk, quantity=11, date=DAY, idempotency_key="x", sold_by_id=kasir.pk
        )
    assert "quantity" in exc.value.error_dict
    assert JournalTransaction.objects.count() == before
    assert not Sale.objects.exists()
    consigned.refresh_from_db()
    assert consigned.stock == Decimal("10.000")


def test_adjustment_needs_a_reason_and_never_below_zero(consigned, kasir):
    with pytest.raises(ValidationError) as no_reason:
        stock_adjust(
            product_id=consigned.pk, quantity=-1, date=DAY, reason=" ", created_by_id=kasir.pk
        )
    assert "reason" in no_reason.value.error_dict
    with pytest.raises(ValidationError) as negative:
        stock_adjust(
            product_id=consigned.pk, quantity=-11, date=DAY, reason="hilang", created_by_id=kasir.pk
        )
    assert "quantity" in negative.value.error_dict
    assert StockMovement.objects.filter(kind="adjustment").count() == 0


def test_same_key_returns_the_first_sale_other_content_conflicts(consigned, kasir):
    first = sale_record(
        product_id=consigned.pk, quantity=1, date=DAY, idempotency_key="k", sold_by_id=kasir.pk
    )
    again = sale_record(
        product_id=consigned.pk, quantity=1, date=DAY, idempotency_key="k", sold_by_id=kasir.pk
    )
    assert again.pk == first.pk and Sale.objects.count() == 1
    with pytest.raises(Conflict):
        sale_record(
            product_id=consigned.pk,
            quantity=2,
            date=DAY,
            idempotency_key="k",
            sold_by_id=kasir.pk,
        )


def test_sales_need_a_cashier_role(consigned, make_user, in_coop_a):
    pengawas = make_user(roles={in_coop_a: "pengawas"})
    with pytest.raises(PermissionDenied):
        sale_record(
            product_id=consigned.pk,
            quantity=1,
            date=DAY,
            idempotency_key="p",
            sold_by_id=pengawas.pk,
        )
    assert not Sale.objects.exists()


def test_price_history_and_the_price_in_force(consigned, kasir):
    product_price_set(
        product_id=consigned.pk,
        price="17000",
        effective_from=date(2025, 6, 1),
        set_by_id=kasir.pk,
    )
    consigned.refresh_from_db()
    assert consigned.price == Decimal("17000.00")
    history = list(
        selectors.product_price_history(product_id=consigned.pk).values_list(
            "price", "effective_from"
        )
    )
    assert history == [
        (Decimal("17000.00"), date(2025, 6, 1)),
        (Decimal("15000.00"), date(2025, 1, 6)),
    ]
    # a sale is priced by the price in force on its date
    before = sale_record(
        product_id=consigned.pk,
        quantity=1,
        date=date(2025, 5, 31),
        idempotency_key="p1",
        sold_by_id=kasir.pk,
    )
    after = sale_record(
        product_id=consigned.pk,
        quantity=1,
        date=date(2025, 6, 1),
        idempotency_key="p2",
        sold_by_id=kasir.pk,
    )
    assert (before.unit_price, after.unit_price) == (Decimal("15000.00"), Decimal("17000.00"))
    with pytest.raises(ValidationError) as bad:
        product_price_set(product_id=consigned.pk, price="170.5", set_by_id=kasir.pk)
    assert "price" in bad.value.error_dict


def test_consignment_participation_per_member_and_year(consigned, kasir, owner):
    sale_record(
        product_id=consigned.pk, quantity=2, date=DAY, idempotency_key="a", sold_by_id=kasir.pk
    )
    sale_record(
        product_id=consigned.pk,
        quantity=1,
        date=date(2026, 1, 5),
        idempotency_key="b",
        sold_by_id=kasir.pk,
    )
    assert selectors.consignment_participation(year=2025) == {owner.pk: Decimal("30000.00")}
    assert selectors.consignment_participation(year=2026) == {owner.pk: Decimal("15000.00")}


def test_photo_is_resized_to_jpeg_in_the_cooperatives_media_folder(
    consigned, kasir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    buf = io.BytesIO()
    Image.new("RGB", (3000, 2000), (30, 160, 60)).save(buf, format="PNG")
    product = product_photo_set(product_id=consigned.pk, content=buf.getvalue(), set_by_id=kasir.pk)
    assert product.photo.url.startswith("/media/k_coop_a/production/products/")
    with Image.open(product.photo.path) as photo:
        assert photo.format == "JPEG" and max(photo.size) == 1200
    with Image.open(product.thumbnail.path) as thumb:
        assert max(thumb.size) == 400
    assert "/k_coop_a/production/products/" in product.photo.path
    with pytest.raises(ValidationError) as bad:
        product_photo_set(product_id=consigned.pk, content=b"not an image", set_by_id=kasir.pk)
    assert "photo" in bad.value.error_dict
    assert Product.objects.get(pk=consigned.pk).photo.name == product.photo.name


def test_consignment_sales_are_a_shu_participation_source(consigned, kasir, owner):
    # given consignment sales in 2025
    from sokoguru.tenants.shu.participation import participation_by_member, participation_sources

    sale_record(
        product_id=consigned.pk, quantity=2, date=DAY, idempotency_key="p", sold_by_id=kasir.pk
    )
    # then the SHU app sees them as jasa usaha participation under their registered name
    assert "consignment_sales" in participation_sources()
    assert participation_by_member(
        names=["consignment_sales"], start=date(2025, 1, 1), end=date(2025, 12, 31)
    ) == {owner.pk: Decimal("30000.00")}
