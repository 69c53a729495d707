"""The weighing desk and the sale desk: admin pages made for a tablet or phone. Choose the
customer by name or book number (autocomplete), add lines quickly, see the total — priced by
the server exactly as it will be recorded — before confirming; then a printable receipt with a
WhatsApp link. The pages only call the waste bank's services and selectors."""

from __future__ import annotations

import uuid
from datetime import date as Date
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from sokoguru.platform.admin_sites import cooperative_roles
from sokoguru.platform.core.errors import SokoguruError, error_list
from sokoguru.platform.core.money import format_rupiah
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.wastebank import selectors
from sokoguru.tenants.wastebank.permissions import CASHIER_ROLES, DESK_ROLES, READ_ROLES
from sokoguru.tenants.wastebank.services import deposit_price, deposit_record, sale_record
from sokoguru.tenants.wastebank.services._common import money_of, sale_amount, weight_of


def _allowed(request, roles) -> bool:
    return bool(cooperative_roles(request) & roles)


def _lines_from(request) -> list[dict]:
    """Lines from the form: parallel lists item_id / weight (/ price), blank rows skipped."""
    items = request.POST.getlist("item_id")
    weights = request.POST.getlist("weight")
    prices = request.POST.getlist("price")
    lines = []
    for i, (item, weight) in enumerate(zip(items, weights, strict=False)):
        if not item and not weight.strip():
            continue
        line = {"item_id": item, "weight": weight.strip().replace(",", ".")}
        if prices:
            line["price"] = (prices[i] if i < len(prices) else "").strip().replace(",", ".")
        lines.append(line)
    return lines


def _day(request) -> Date:
    raw = request.POST.get("date") or request.GET.get("date") or ""
    try:
        return Date.fromisoformat(raw) if raw else cooperative_today()
    except ValueError:
        raise ValidationError({"date": _("Tanggal tidak valid.")})


def _errors(exc) -> list[dict]:
    return [{"field": e["field"], "message": e["message"]} for e in error_list(exc)]


def customer_search(admin_site, request):
    """JSON for the autocomplete: up to 10 customers matching ``q``."""
    if not _allowed(request, READ_ROLES):
        return HttpResponseForbidden()
    q = (request.GET.get("q") or "").strip()
    rows = selectors.customer_list(search=q, active=True, with_balance=True)[:10] if q else []
    return JsonResponse(
        {
            "results": [
                {
                    "id": c.pk,
                    "label": f"{c.book_number} — {c.name}" + (f" (RT {c.rt})" if c.rt else ""),
                    "balance": format_rupiah(c.page_balance),
                }
                for c in rows
            ]
        }
    )


def quote_view(admin_site, request, *, mode: str):
    """JSON: the lines priced as they would be recorded, and the total."""
    if not _allowed(request, DESK_ROLES if mode == "deposit" else CASHIER_ROLES):
        return HttpResponseForbidden()
    try:
        day = _day(request)
        lines = _lines_from(request)
        if not lines:
            return JsonResponse({"lines": [], "total": format_rupiah(0), "errors": []})
        if mode == "deposit":
            found = deposit_price(day=day, lines=lines)
            priced = [
                {"value": format_rupiah(p.value), "price": format_rupiah(p.price)} for p in found
            ]
            total = sum((p.value for p in found), start=0)
        else:
            priced, total = [], 0
            for i, line in enumerate(lines):
                weight = weight_of(line["weight"], field=f"lines[{i}].weight")
                price = money_of(line.get("price"), field=f"lines[{i}].price")
                amount = sale_amount(weight, price)
                total += amount
                priced.append({"value": format_rupiah(amount), "price": format_rupiah(price)})
    except (ValidationError, SokoguruError) as exc:
        return JsonResponse({"lines": [], "total": None, "errors": _errors(exc)})
    return JsonResponse({"lines": priced, "total": format_rupiah(total), "errors": []})


def _desk_context(admin_site, request, *, mode: str, errors=None) -> dict:
    today = cooperative_today()
    prices = selectors.prices_on(day=today)
    items = [
        {
            "id": item.pk,
            "name": item.name,
            "unit": item.unit,
            "buy": format_rupiah(prices[item.pk].buy_price) if item.pk in prices else "",
            "sell": str(prices[item.pk].sell_price.normalize()) if item.pk in prices else "",
        }
        for item in selectors.item_list(active=True)
    ]
    return {
        **admin_site.each_context(request),
        "title": _("Meja timbang") if mode == "deposit" else _("Penjualan ke pengepul"),
        "mode": mode,
        "today": today.isoformat(),
        "items": items,
        "collectors": list(selectors.collector_list(active=True)),
        "idempotency_key": request.POST.get("idempotency_key") or f"desk:{uuid.uuid4()}",
        "posted": request.POST,
        "errors": errors or [],
        "rows": range(3),
        "quote_url": reverse(f"{admin_site.name}:wastebank_{mode}_quote"),
        "search_url": reverse(f"{admin_site.name}:wastebank_customer_search"),
    }


def desk_view(admin_site, request, *, mode: str):
    """GET: the desk; POST: record the deposit (or sale) and go to its receipt."""
    if not _allowed(request, DESK_ROLES if mode == "deposit" else CASHIER_ROLES):
        return HttpResponseForbidden()
    if request.method == "POST":
        try:
            with transaction.atomic():
                common = {
                    "date": _day(request),
                    "lines": _lines_from(request),
                    "idempotency_key": request.POST.get("idempotency_key", ""),
                    "created_by_id": request.user.pk,
                }
                if mode == "deposit":
                    deposit = deposit_record(
                        customer_id=request.POST.get("customer_id") or 0,
                        note=request.POST.get("note", ""),
                        **common,
                    )
                    return redirect(
                        reverse(f"{admin_site.name}:wastebank_deposit_receipt", args=[deposit.pk])
                    )
                sale = sale_record(collector_id=request.POST.get("collector_id") or 0, **common)
                return redirect(
                    reverse(f"{admin_site.name}:wastebank_wastesale_change", args=[sale.pk])
                )
        except (ValidationError, SokoguruError) as exc:
            context = _desk_context(admin_site, request, mode=mode, errors=_errors(exc))
            return TemplateResponse(request, "admin/wastebank/desk.html", context, status=400)
    return TemplateResponse(
        request, "admin/wastebank/desk.html", _desk_context(admin_site, request, mode=mode)
    )


def export_view(admin_site, request):
    """XLSX of the deposit lines of a period (``?start=YYYY-MM-DD&end=YYYY-MM-DD``; default:
    this month)."""
    from sokoguru.platform.core.documents import download
    from sokoguru.tenants.bylaws.calendar import month_start

    if not _allowed(request, READ_ROLES):
        return HttpResponseForbidden()
    today = cooperative_today()
    try:
        start = Date.fromisoformat(request.GET.get("start") or month_start(today).isoformat())
        end = Date.fromisoformat(request.GET.get("end") or today.isoformat())
    except ValueError:
        raise Http404
    return download(
        selectors.deposits_workbook(start=start, end=end),
        filename=f"setoran-sampah-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def receipt_view(admin_site, request, deposit_id: int):
    """The printable receipt with a WhatsApp link carrying the same text."""
    if not _allowed(request, READ_ROLES):
        return HttpResponseForbidden()
    try:
        deposit = selectors.deposit_get(deposit_id=deposit_id)
    except SokoguruError:
        raise Http404
    text = selectors.deposit_receipt_text(deposit=deposit, cooperative_name=connection.tenant.name)
    phone = "".join(ch for ch in deposit.customer.phone if ch.isdigit())
    if phone.startswith("0"):
        phone = "62" + phone[1:]
    context = {
        **admin_site.each_context(request),
        "title": _("Bukti setoran sampah"),
        "deposit": deposit,
        "lines": list(deposit.lines.all()),
        "balance": selectors.customer_balance(customer_id=deposit.customer_id),
        "whatsapp_url": f"https://wa.me/{phone}?text={quote(text)}",
        "whatsapp_text": text,
        "desk_url": reverse(f"{admin_site.name}:wastebank_deposit_desk"),
    }
    return TemplateResponse(request, "admin/wastebank/receipt.html", context)
