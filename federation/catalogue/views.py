"""The public catalogue on the platform host: no login, a page per kelurahan and per
cooperative, a page per product with Open Graph tags and WhatsApp sharing. Reads only the
public projection (``CatalogueItem``), never a tenant schema."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sokoguru.federation.catalogue.selectors import catalogue_item_get, catalogue_items
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.tenants.production.models import Kind

PAGE_SIZE = 24


def wa_number(phone: str) -> str:
    """+62 / 08… → 628… for wa.me links ('' when there is no number)."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if len(digits) >= 9 else ""


def share_text(item, url: str) -> str:
    state = getattr(item.cooperative, "catalogue_state", None)
    phone = getattr(state, "contact_phone", "") or ""
    lines = [
        f"{item.name} — {format_rupiah(item.price)}/{item.unit}",
        f"{item.business_name} · {item.cooperative.name}",
    ]
    if phone:
        lines.append(f"Pesan: {phone}")
    lines.append(url)
    return "\n".join(lines)


def _list_page(request, *, where: dict, title: str, heading: str, base_url: str):
    q = (request.GET.get("q") or "").strip()[:80]
    kind = request.GET.get("jenis") or ""
    if kind and kind not in Kind.values:
        kind = ""
    qs = catalogue_items(**where, q=q, kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(
        request,
        "catalogue/list.html",
        {
            "title": title,
            "heading": heading,
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": Kind.choices,
            "base_url": base_url,
            "og_url": request.build_absolute_uri(base_url),
        },
    )


@require_GET
@cache_control(public=True, max_age=60)
def kelurahan_page(request, code: str):
    region = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first()
    if region is None:
        raise Http404
    return _list_page(
        request,
        where={"region_code": code},
        title=f"Produk koperasi {region.name.title()}",
        heading=f"Kelurahan {region.name.title()}",
        base_url=reverse("catalogue:kelurahan", args=[code]),
    )


@require_GET
@cache_control(public=True, max_age=60)
def cooperative_page(request, slug: str):
    cooperative = Cooperative.objects.filter(
        slug=slug, is_active=True, catalogue_opt_in__is_opted_in=True
    ).first()
    if cooperative is None:
        raise Http404
    return _list_page(
        request,
        where={"cooperative_slug": slug},
        title=f"Produk {cooperative.name}",
        heading=cooperative.name,
        base_url=reverse("catalogue:cooperative", args=[slug]),
    )


@require_GET
@cache_control(public=True, max_age=60)
def product_page(request, item_id: int):
    item = catalogue_item_get(item_id=item_id)
    if item is None:
        raise Http404
    url = request.build_absolute_uri(reverse("catalogue:product", args=[item.pk]))
    state = getattr(item.cooperative, "catalogue_state", None)
    phone = wa_number(getattr(state, "contact_phone", ""))
    text = share_text(item, url)
    order_text = (
        f"Halo, saya ingin memesan {item.name} ({format_rupiah(item.price)}/{item.unit}). {url}"
    )
    return render(
        request,
        "catalogue/product.html",
        {
            "item": item,
            "state": state,
            "title": f"{item.name} — {format_rupiah(item.price)}",
            "og_url": url,
            "og_image": request.build_absolute_uri(item.photo_url) if item.photo_url else "",
            "share_url": f"https://wa.me/?text={quote(text, safe='')}",
            "order_url": f"https://wa.me/{phone}?text={quote(order_text, safe='')}"
            if phone
            else "",
            "kelurahan_url": reverse("catalogue:kelurahan", args=[item.region_code])
            if item.region_code
            else "",
        },
    )
