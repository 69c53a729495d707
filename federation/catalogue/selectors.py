"""Reads of the public catalogue and exhibitions — public schema only."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from sokoguru.federation.catalogue.models import (
    CatalogueItem,
    Exhibition,
    ExhibitionResult,
)


def catalogue_items(
    *,
    region_code: str | None = None,
    cooperative_slug: str | None = None,
    q: str | None = None,
    kind: str | None = None,
) -> QuerySet[CatalogueItem]:
    """Published products of active, opted-in cooperatives, optionally in a region (prefix of
    the Kemendagri code), of one cooperative, matching a search text, of one kind. The opt-in is
    checked here too, so a cooperative that opted out never shows even before its rows go."""
    qs = CatalogueItem.objects.filter(
        cooperative__is_active=True, cooperative__catalogue_opt_in__is_opted_in=True
    ).select_related("cooperative", "cooperative__catalogue_state")
    if region_code:
        qs = qs.filter(Q(region_code=region_code) | Q(region_code__startswith=f"{region_code}."))
    if cooperative_slug:
        qs = qs.filter(cooperative__slug=cooperative_slug)
    if kind:
        qs = qs.filter(kind=kind)
    for word in (q or "").lower().split()[:5]:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("-in_stock", "name", "pk")


def catalogue_item_get(*, item_id: int) -> CatalogueItem | None:
    return catalogue_items().filter(pk=item_id).first()


def exhibition_list(*, body_id: int | None = None) -> QuerySet[Exhibition]:
    qs = Exhibition.objects.select_related("body")
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    return qs


def exhibition_results_by_rw(*, exhibition_id: int) -> list[dict]:
    """An exhibition's sales per cooperative (one RW each in a kelurahan), largest first."""
    rows = (
        ExhibitionResult.objects.filter(exhibition_id=exhibition_id)
        .select_related("cooperative")
        .order_by("-amount", "cooperative__name")
    )
    return [
        {
            "cooperative": r.cooperative,
            "sales_count": r.sales_count,
            "quantity": r.quantity,
            "amount": r.amount,
        }
        for r in rows
    ]


def exhibition_total(*, exhibition_id: int) -> Decimal:
    return ExhibitionResult.objects.filter(exhibition_id=exhibition_id).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0.00")
