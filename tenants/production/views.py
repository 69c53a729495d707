"""Phone-first entry of this week's output (/produksi/ on the cooperative's host): pick the
business, type the quantities, save — a few taps. The page calls the same services and
selectors as GraphQL and admin; the role check is the service's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sokoguru.platform.accounts.permissions import roles_of
from sokoguru.platform.core.errors import SokoguruError, error_list
from sokoguru.platform.core.money import format_rupiah, to_money
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.production import selectors
from sokoguru.tenants.production.models import Business, OutputRecord, Period, Unit
from sokoguru.tenants.production.permissions import OUTPUT_ROLES
from sokoguru.tenants.production.services import output_record
from sokoguru.tenants.production.services._common import week_start

LOGIN_URL = "/admin/login/"
RECENT_WEEKS = 8
EXTRA_ROWS = 1


def _officer(request) -> None:
    if not roles_of(request.user.pk) & OUTPUT_ROLES:
        raise Http404


@login_required(login_url=LOGIN_URL)
def business_list(request):
    _officer(request)
    today = cooperative_today()
    businesses = list(selectors.business_list(status=Business.Status.ACTIVE).order_by("name"))
    this_week = week_start(today)
    recorded = set(
        OutputRecord.objects.filter(period=Period.WEEK, period_start=this_week).values_list(
            "business_id", flat=True
        )
    )
    return render(
        request,
        "production/entry_list.html",
        {
            "rows": [(b, b.pk in recorded) for b in businesses],
            "week": this_week,
            "week_end": this_week + timedelta(days=6),
        },
    )


def _weeks(today) -> list:
    monday = week_start(today)
    return [monday - timedelta(weeks=i) for i in range(RECENT_WEEKS)]


@login_required(login_url=LOGIN_URL)
def business_entry(request, business_id: int):
    _officer(request)
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        raise Http404
    today = cooperative_today()
    weeks = _weeks(today)
    try:
        week = next(w for w in weeks if w.isoformat() == request.GET.get("minggu", ""))
    except StopIteration:
        week = weeks[0]
    existing = {
        (r.product_name, r.unit): r
        for r in OutputRecord.objects.filter(
            business=business, period=Period.WEEK, period_start=week
        )
    }
    known = list(
        OutputRecord.objects.filter(business=business)
        .order_by("product_name", "unit")
        .values_list("product_name", "unit")
        .distinct()
    )
    for product in business.products.filter(is_active=True):
        if (product.name, product.unit) not in known:
            known.append((product.name, product.unit))
    errors: list[str] = []
    if request.method == "POST":
        week = next((w for w in weeks if w.isoformat() == request.POST.get("minggu")), week)
        rows = []
        count = int(request.POST.get("rows") or 0)
        for i in range(min(count, 50)):
            name = (request.POST.get(f"name-{i}") or "").strip()
            qty = (request.POST.get(f"qty-{i}") or "").strip().replace(",", ".")
            if not name or qty == "":
                continue
            value = (request.POST.get(f"value-{i}") or "").strip().replace(".", "")
            rows.append((name, request.POST.get(f"unit-{i}") or "", qty, value))
        try:
            with transaction.atomic():
                for name, unit, qty, value in rows:
                    try:
                        amount = to_money(value) if value else None
                        quantity = Decimal(qty)
                    except (InvalidOperation, ValueError):
                        raise ValidationError({"quantity": _("Angka tidak valid: %s") % qty})
                    output_record(
                        business_id=business.pk,
                        period=Period.WEEK,
                        day=week,
                        product_name=name,
                        quantity=quantity,
                        unit=unit,
                        value=amount,
                        recorded_by_id=request.user.pk,
                    )
        except (SokoguruError, ValidationError) as exc:
            errors = [e["message"] for e in error_list(exc)]
        else:
            if rows:
                messages.success(
                    request,
                    _("Tersimpan: %(n)s catatan untuk minggu %(week)s.")
                    % {"n": len(rows), "week": week.strftime("%d-%m-%Y")},
                )
            return redirect(f"{request.path}?minggu={week.isoformat()}")
    lines = []
    for name, unit in known:
        record = existing.get((name, unit))
        lines.append(
            {
                "name": name,
                "unit": unit,
                "qty": f"{record.quantity.normalize():f}" if record else "",
                "value": f"{record.value:.0f}" if record and record.value is not None else "",
                "value_text": format_rupiah(record.value) if record and record.value else "",
            }
        )
    lines += [{"name": "", "unit": "kg", "qty": "", "value": ""}] * EXTRA_ROWS
    missing = selectors.missing_weeks(business_id=business.pk, start=weeks[-1], end=today)
    return render(
        request,
        "production/entry_form.html",
        {
            "business": business,
            "week": week,
            "week_end": week + timedelta(days=6),
            "weeks": weeks,
            "lines": lines,
            "units": Unit.choices,
            "missing": missing,
            "errors": errors,
        },
    )
