"""Writes of the public catalogue and exhibitions (public schema).

``catalogue_publish`` is the only code that reads a cooperative's schema for the catalogue: the
refresher calls it for cooperatives whose catalogue changed (the registry's
``catalogue_changed_at`` mark, set on commit by the production app) — public requests read only
the projection."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from sokoguru.federation.catalogue.models import (
    CatalogueItem,
    CatalogueOptIn,
    CatalogueOptInLog,
    CatalogueState,
    Exhibition,
    ExhibitionInvitation,
    ExhibitionResult,
)
from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.platform.accounts.permissions import roles_of
from sokoguru.platform.core.errors import NotFound, PermissionDenied, WrongSchema
from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy.context import switch_to_cooperative
from sokoguru.platform.tenancy.models import Cooperative

logger = logging.getLogger("sokoguru.federation.catalogue")

OPT_IN_ROLES = frozenset({"ketua"})
EXHIBITION_ROLES = frozenset({BodyRole.Role.OFFICIAL})


def catalogue_opt_in_set(*, cooperative: Cooperative, enabled: bool, user) -> CatalogueOptIn:
    """The cooperative's ketua switches the public catalogue on or off (logged). Off removes
    its products from the public pages at once; on lets the refresher publish them."""
    require_public_schema()
    if not roles_of(getattr(user, "pk", None), cooperative_id=cooperative.pk) & OPT_IN_ROLES:
        raise PermissionDenied(
            "Hanya ketua koperasi yang dapat mengubah persetujuan katalog publik.",
            field="user",
        )
    with transaction.atomic():
        opt_in, _ = CatalogueOptIn.objects.select_for_update().get_or_create(
            cooperative=cooperative, defaults={"is_opted_in": enabled, "updated_by": user}
        )
        opt_in.is_opted_in = bool(enabled)
        opt_in.updated_by = user
        opt_in.save()
        CatalogueOptInLog.objects.create(
            cooperative=cooperative, is_opted_in=bool(enabled), changed_by=user
        )
        if enabled:
            Cooperative.objects.filter(pk=cooperative.pk).update(
                catalogue_changed_at=timezone.now()
            )
        else:
            CatalogueItem.objects.filter(cooperative=cooperative).delete()
    return opt_in


def _read_tenant(cooperative: Cooperative) -> tuple[list[dict], dict, list[dict]]:
    from sokoguru.tenants.production.selectors import (
        catalogue_projection,
        exhibition_sales_summary,
    )
    from sokoguru.tenants.profile.selectors import profile_get

    if connection.schema_name != "public":
        raise WrongSchema("Katalog diterbitkan dari skema publik.")
    switch_to_cooperative(cooperative)
    try:
        with transaction.atomic():
            items = catalogue_projection()
            profile = profile_get()
            contact = {"phone": profile.phone or "", "address": profile.address or ""}
            exhibitions = exhibition_sales_summary()
    finally:
        connection.set_schema_to_public()
    return items, contact, exhibitions


def _search_text(item: dict) -> str:
    return " ".join([item["name"], item["business_name"], item["description"]]).lower()


def catalogue_publish(*, cooperative: Cooperative) -> int:
    """Publish the cooperative's catalogue projection (and its exhibition results) into the
    public tables. Returns the number of items published (0 when it has not opted in)."""
    require_public_schema()
    started = timezone.now()
    opted_in = (
        CatalogueOptIn.objects.filter(cooperative=cooperative, is_opted_in=True).exists()
        and cooperative.is_active
    )
    items, contact, exhibitions = _read_tenant(cooperative)
    with transaction.atomic():
        if not opted_in:
            items = []
        keep = [i["product_id"] for i in items]
        CatalogueItem.objects.filter(cooperative=cooperative).exclude(product_id__in=keep).delete()
        existing = {
            row.product_id: row for row in CatalogueItem.objects.filter(cooperative=cooperative)
        }
        new, changed = [], []
        fields = [
            "name",
            "description",
            "business_name",
            "kind",
            "unit",
            "price",
            "in_stock",
            "photo_url",
            "thumbnail_url",
            "updated_at",
        ]
        for item in items:
            row = existing.get(item["product_id"]) or CatalogueItem(
                cooperative=cooperative, product_id=item["product_id"]
            )
            for name in fields:
                setattr(row, name, item[name])
            row.region_code = cooperative.domicile_id or ""
            row.search_text = _search_text(item)
            (changed if row.pk else new).append(row)
        CatalogueItem.objects.bulk_create(new)
        if changed:
            CatalogueItem.objects.bulk_update(changed, [*fields, "region_code", "search_text"])
        CatalogueState.objects.update_or_create(
            cooperative=cooperative,
            defaults={
                "published_at": started,
                "contact_phone": contact["phone"],
                "contact_address": contact["address"],
            },
        )
        invited = set(
            ExhibitionInvitation.objects.filter(cooperative=cooperative).values_list(
                "exhibition_id", flat=True
            )
        )
        for row in exhibitions:
            if row["exhibition_id"] not in invited:
                continue
            ExhibitionResult.objects.update_or_create(
                exhibition_id=row["exhibition_id"],
                cooperative=cooperative,
                defaults={
                    "sales_count": row["count"],
                    "quantity": row["quantity"],
                    "amount": row["amount"],
                    "refreshed_at": started,
                },
            )
    return len(items)


def catalogue_changed_ids(*, limit: int = 500) -> list[int]:
    """Cooperatives whose catalogue changed after their projection was last published."""
    last = CatalogueState.objects.filter(cooperative_id=OuterRef("pk")).values("published_at")[:1]
    return list(
        Cooperative.objects.filter(is_active=True, catalogue_changed_at__isnull=False)
        .exclude(kind=Cooperative.Kind.PLATFORM)
        .annotate(published_at=Subquery(last))
        .filter(Q(published_at__isnull=True) | Q(catalogue_changed_at__gt=F("published_at")))
        .order_by("catalogue_changed_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _official_of(user, body: OversightBody) -> None:
    if not BodyRole.objects.filter(
        user_id=getattr(user, "pk", None), body=body, role__in=EXHIBITION_ROLES
    ).exists():
        raise PermissionDenied("Hanya pejabat badan ini yang dapat mengatur pameran.", field="user")


@transaction.atomic
def exhibition_create(
    *,
    body: OversightBody,
    name: str,
    starts_on: date,
    ends_on: date | None,
    place: str,
    user,
    description: str = "",
) -> Exhibition:
    require_public_schema()
    _official_of(user, body)
    exhibition = Exhibition(
        body=body,
        name=(name or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        place=(place or "").strip(),
        description=description or "",
        created_by=user,
    )
    exhibition.full_clean()
    if exhibition.ends_on < exhibition.starts_on:
        raise ValidationError({"ends_on": "Tanggal selesai sebelum tanggal mulai."})
    exhibition.save()
    return exhibition


@transaction.atomic
def exhibition_invite(*, exhibition: Exhibition, cooperative_ids: list[int], user) -> int:
    """Invite cooperatives of the body's region; returns how many were newly invited."""
    require_public_schema()
    _official_of(user, exhibition.body)
    region = exhibition.body.region_id
    cooperatives = list(
        Cooperative.objects.filter(pk__in=cooperative_ids, is_active=True).filter(
            Q(domicile_id=region) | Q(domicile__code__startswith=f"{region}.")
        )
    )
    if len(cooperatives) != len(set(cooperative_ids)):
        raise ValidationError(
            {"cooperative_ids": "Ada koperasi yang tidak dikenal atau di luar wilayah badan ini."}
        )
    created = ExhibitionInvitation.objects.bulk_create(
        [ExhibitionInvitation(exhibition=exhibition, cooperative=c) for c in cooperatives],
        ignore_conflicts=True,
    )
    return len(created)


def exhibition_invitation_check(*, exhibition_id: int, cooperative_id: int) -> Exhibition:
    """The exhibition, when the cooperative is invited to it (else ``NotFound``)."""
    invitation = (
        ExhibitionInvitation.objects.select_related("exhibition")
        .filter(exhibition_id=exhibition_id, cooperative_id=cooperative_id)
        .first()
    )
    if invitation is None:
        raise NotFound("Koperasi ini tidak diundang ke pameran tersebut.", field="exhibition_id")
    return invitation.exhibition
