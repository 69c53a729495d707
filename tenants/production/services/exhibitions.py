"""A cooperative's part in a kelurahan exhibition (pameran): the products and stock it brings.
The exhibition itself (date, place, invitations) lives in the public schema (federation);
the caller checks the invitation and passes the exhibition's id. Sales at the event are
ordinary sales (``sale_record(channel="exhibition", exhibition_id=…)``) in these books."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.production.models import ExhibitionEntry
from sokoguru.tenants.production.permissions import CATALOGUE_ROLES
from sokoguru.tenants.production.services._common import quantity_value
from sokoguru.tenants.production.services.catalogue import _product_locked


@transaction.atomic
def exhibition_entry_register(
    *, exhibition_id: int, product_id: int, quantity, registered_by_id: int | None
) -> ExhibitionEntry:
    """Register (or change) a product and the stock brought to an exhibition; the stock must be
    on hand."""
    require_tenant_schema()
    require_role(registered_by_id, CATALOGUE_ROLES, field="registered_by_id")
    if not exhibition_id:
        raise ValidationError({"exhibition_id": "Pameran wajib dipilih."})
    product = _product_locked(product_id)
    qty = quantity_value(quantity)
    if qty > product.stock:
        raise ValidationError(
            {"quantity": f"Stok {product.name} hanya {product.stock:f} {product.unit}."}
        )
    entry, _created = ExhibitionEntry.objects.get_or_create(
        exhibition_id=exhibition_id,
        product=product,
        defaults={"quantity": qty, "created_by_id": registered_by_id},
    )
    if not _created:
        entry.quantity = qty
        entry.save(update_fields=["quantity"])
    return entry
