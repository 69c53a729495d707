"""Anggota: search as you type, the member page, the passbook, registration."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sokoguru.platform.core.documents import download
from sokoguru.platform.core.errors import SokoguruError
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger.fiscal import fiscal_year_start
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.loans.selectors import loan_list
from sokoguru.tenants.members.selectors import member_get, member_list, member_status_history
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.models import SavingsKind
from sokoguru.tenants.savings.selectors import (
    member_savings_balances,
    member_wajib_arrears,
    passbook,
    savings_balances_for_members,
)
from sokoguru.tenants.workflows.member_export import (
    MEMBER_EXPORT_ROLES,
    member_data_export_json,
)
from sokoguru.tenants.workspace.forms import MemberRegisterForm, PeriodForm
from sokoguru.tenants.workspace.permissions import MEMBER_REGISTER_ROLES
from sokoguru.tenants.workspace.views.base import add_service_error, officer_view, paginate


@officer_view()
def member_search(request):
    """The member list; typing in the search box asks for ``#hasil`` only (htmx)."""
    q = (request.GET.get("q") or "").strip()
    page = paginate(request, member_list(search=q or None))
    balances = savings_balances_for_members(member_ids=[m.pk for m in page.object_list])
    rows = [(m, balances[m.pk]) for m in page.object_list]
    context = {"q": q, "page": page, "rows": rows}
    if request.htmx:
        return render(request, "workspace/members/_results.html", context)
    return render(request, "workspace/members/list.html", context)


@officer_view()
def member_detail(request, member_id: int):
    member = member_get(member_id=member_id)
    today = cooperative_today()
    balances = member_savings_balances(member_id=member.pk)
    loans = list(loan_list(member_id=member.pk))
    history = list(member_status_history(member_id=member.pk))
    officers = list(member.officer_terms.order_by("-term_start"))
    context = {
        "member": member,
        "balances": balances,
        "kinds": [(k, SavingsKind(k).label, balances[k]) for k in SavingsKind.values],
        "wajib_arrears": member_wajib_arrears(member_id=member.pk, as_of=today),
        "loans": loans,
        "open_loans": [loan for loan in loans if loan.status == Loan.Status.ACTIVE],
        "history": history,
        "officers": officers,
        "can_export": bool(request.roles & MEMBER_EXPORT_ROLES),
    }
    return render(request, "workspace/members/detail.html", context)


@officer_view()
def member_passbook(request, member_id: int, kind: str):
    member = member_get(member_id=member_id)
    today = cooperative_today()
    start, end = fiscal_year_start(today), today
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if kind not in SavingsKind.values:
        kind = SavingsKind.SUKARELA
    book = passbook(member_id=member.pk, kind=kind, start=start, end=end)
    context = {
        "member": member,
        "book": book,
        "kind": kind,
        "kind_label": SavingsKind(kind).label,
        "kinds": SavingsKind.choices,
        "form": form,
    }
    return render(request, "workspace/members/passbook.html", context)


@officer_view(MEMBER_REGISTER_ROLES)
def member_new(request):
    """Register a member, then straight on to the counter to collect the simpanan pokok."""
    form = MemberRegisterForm(request.POST or None, initial={"joined_on": cooperative_today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = member_register(
                full_name=data["full_name"],
                nik=data["nik"],
                joined_on=data["joined_on"],
                nip=data["nip"],
                address=data["address"],
                rt=data["rt"],
                rw=data["rw"],
                phone=data["phone"],
                created_by_id=request.user.pk,
            )
        except (ValidationError, SokoguruError) as exc:  # the service's refusal, at its field
            add_service_error(form, exc)
        else:
            return redirect(reverse("workspace:counter", args=[member.pk]) + "?pokok=1")
    return render(request, "workspace/members/new.html", {"form": form, "title": _("Anggota baru")})


@officer_view(MEMBER_EXPORT_ROLES)
def member_export(request, member_id: int):
    """The member's own data as a JSON file, on the member's request (the service checks the
    role again)."""
    member = member_get(member_id=member_id)
    content = member_data_export_json(member_id=member.pk, requested_by_id=request.user.pk)
    return download(
        content,
        filename=f"data-anggota-{member.number}.json",
        content_type="application/json",
    )
