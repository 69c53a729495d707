"""Periode buku (close request by one officer, confirm by another) and the anggaran dasar
versions, read-only, with what each decided and who recorded it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sokoguru.platform.core.errors import SokoguruError
from sokoguru.tenants.bylaws.selectors import bylaws_list
from sokoguru.tenants.ledger.selectors import fiscal_period_list
from sokoguru.tenants.ledger.services import (
    period_close_cancel,
    period_close_confirm,
    period_close_request,
)
from sokoguru.tenants.workspace.forms import PeriodCloseForm
from sokoguru.tenants.workspace.permissions import PERIOD_CLOSE_ROLES
from sokoguru.tenants.workspace.views.base import (
    add_service_error,
    indonesian,
    officer_view,
    paginate,
    user_names,
)


@officer_view()
def period_index(request, form=None, error=None):
    page = paginate(request, fiscal_period_list())
    names = user_names(
        [i for p in page.object_list for i in (p.requested_by_id, p.confirmed_by_id)]
    )
    return render(
        request,
        "workspace/periods/index.html",
        {
            "page": page,
            "names": names,
            "form": form or PeriodCloseForm(),
            "error": error,
            "can_close": bool(request.roles & PERIOD_CLOSE_ROLES),
        },
        status=400 if (error or (form is not None and form.errors)) else 200,
    )


@require_POST
@officer_view(PERIOD_CLOSE_ROLES)
def period_request(request):
    form = PeriodCloseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            period_close_request(
                start_date=data["start_date"],
                end_date=data["end_date"],
                requested_by_id=request.user.pk,
                note=data["note"],
            )
        except (ValidationError, SokoguruError) as exc:
            add_service_error(form, exc)
        else:
            return redirect("workspace:periods")
    return period_index.__wrapped__(request, form=form)


@require_POST
@officer_view(PERIOD_CLOSE_ROLES)
def period_decide(request, period_id: int):
    try:
        if request.POST.get("action") == "cancel":
            period_close_cancel(period_id=period_id, cancelled_by_id=request.user.pk)
        else:
            period_close_confirm(period_id=period_id, confirmed_by_id=request.user.pk)
    except (ValidationError, SokoguruError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [exc.message]
        return period_index.__wrapped__(request, error=" ".join(indonesian(m) for m in messages))
    return redirect("workspace:periods")


@officer_view()
def bylaws_index(request):
    versions = list(bylaws_list())
    names = user_names(v.created_by_id for v in versions)
    return render(request, "workspace/periods/bylaws.html", {"versions": versions, "names": names})
