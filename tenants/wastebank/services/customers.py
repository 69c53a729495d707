"""Customers (nasabah) of the waste bank: members of the cooperative (linked) and non-member
households of the RW, each with a waste savings book number."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.wastebank.models import BookCounter, WasteCustomer
from sokoguru.tenants.wastebank.permissions import require_desk


def _next_book_number() -> str:
    BookCounter.objects.get_or_create(singleton=True)
    counter = BookCounter.objects.select_for_update().get(singleton=True)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"BS-{counter.last:05d}"


@transaction.atomic
def customer_register(
    *,
    member_id: int | None = None,
    name: str = "",
    rt: str = "",
    rw: str = "",
    phone: str = "",
    created_by_id: int | None,
) -> WasteCustomer:
    """A member as a customer (name, RT, RW and phone from the member unless given), or a
    non-member household (name required). A member has one book only."""
    require_tenant_schema()
    require_desk(created_by_id)
    if member_id is not None:
        member = Member.objects.filter(pk=member_id).first()
        if member is None:
            raise NotFound("Anggota tidak ditemukan. / Member not found.", field="member_id")
        if WasteCustomer.objects.filter(member=member).exists():
            raise Conflict(
                "Anggota ini sudah punya buku tabungan sampah. / Already a customer.",
                field="member_id",
            )
        customer = WasteCustomer(
            kind=WasteCustomer.Kind.MEMBER,
            member=member,
            name=(name or "").strip() or member.full_name,
            rt=(rt or member.rt or "").strip(),
            rw=(rw or member.rw or "").strip(),
            phone=(phone or member.phone or "").strip(),
        )
    else:
        if not (name or "").strip():
            raise ValidationError({"name": "Nama nasabah wajib diisi. / Name required."})
        customer = WasteCustomer(
            kind=WasteCustomer.Kind.HOUSEHOLD,
            name=name.strip(),
            rt=(rt or "").strip(),
            rw=(rw or "").strip(),
            phone=(phone or "").strip(),
        )
    customer.created_by_id = created_by_id
    customer.book_number = "BS-?"
    customer.full_clean(exclude=["book_number"])
    customer.book_number = _next_book_number()
    customer.save()
    return customer


@transaction.atomic
def customer_update(
    *,
    customer_id: int,
    name: str | None = None,
    rt: str | None = None,
    rw: str | None = None,
    phone: str | None = None,
    active: bool | None = None,
    updated_by_id: int | None,
) -> WasteCustomer:
    require_tenant_schema()
    require_desk(updated_by_id, field="updated_by_id")
    customer = lock_customer(customer_id)
    for field, value in (("name", name), ("rt", rt), ("rw", rw), ("phone", phone)):
        if value is not None:
            setattr(customer, field, value.strip())
    if active is not None:
        customer.active = active
    customer.full_clean()
    customer.save()
    return customer


def lock_customer(customer_id) -> WasteCustomer:
    """The customer row, locked until commit: one customer's book moves one at a time."""
    customer = (
        WasteCustomer.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(pk=customer_id)
        .first()
    )
    if customer is None:
        raise NotFound("Nasabah tidak ditemukan. / Customer not found.", field="customer_id")
    return customer
