"""Pinjaman: apply (with the member's limit and why), approve or reject by a second officer,
the funding queue, disburse, repay, pay off, write-off request and approval, the schedule."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sokoguru.platform.core.errors import SokoguruError
from sokoguru.platform.core.money import format_rupiah
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.loans.selectors import (
    available_funds,
    funding_queue,
    instalment_list,
    liquidity_reserve,
    loan_get,
    loan_list,
    loan_payoff_quote,
    loan_product_list,
    queue_position,
    queue_positions,
    repayment_list,
)
from sokoguru.tenants.loans.services import (
    loan_apply,
    loan_approve,
    loan_disburse,
    loan_limit,
    loan_pay_off,
    loan_reject,
    loan_repay,
    loan_write_off_approve,
    loan_write_off_request,
)
from sokoguru.tenants.members.selectors import member_get, member_get_by_number
from sokoguru.tenants.savings.selectors import member_savings_total
from sokoguru.tenants.workspace.forms import (
    DisburseForm,
    LoanApplyForm,
    NoteForm,
    ReasonForm,
    RepayForm,
    new_key,
)
from sokoguru.tenants.workspace.permissions import (
    LOAN_APPROVER_ROLES,
    LOAN_DISBURSE_ROLES,
    LOAN_ENTRY_ROLES,
    LOAN_REPAY_ROLES,
)
from sokoguru.tenants.workspace.views.base import (
    add_service_error,
    officer_view,
    paginate,
    user_names,
)

STATUS_FILTERS = [
    ("", gettext_lazy("Semua")),
    ("submitted", gettext_lazy("Menunggu persetujuan")),
    ("queued", gettext_lazy("Antre pendanaan")),
    ("approved", gettext_lazy("Siap dicairkan")),
    ("active", gettext_lazy("Berjalan")),
    ("paid_off", gettext_lazy("Lunas")),
]


@officer_view()
def loan_index(request):
    status = request.GET.get("status") or ""
    page = paginate(request, loan_list(status=status or None))
    return render(
        request,
        "workspace/loans/list.html",
        {"page": page, "status": status, "filters": STATUS_FILTERS},
    )


@officer_view()
def loan_queue(request):
    queue = funding_queue()
    page = paginate(request, queue)
    positions = queue_positions(loan_ids=[loan.pk for loan in page.object_list])
    available = available_funds()
    rows, needed = [], 0
    for loan in page.object_list:
        needed += loan.amount
        rows.append((positions.get(loan.pk), loan, needed))
    return render(
        request,
        "workspace/loans/queue.html",
        {
            "page": page,
            "rows": rows,
            "available": available,
            "reserve": liquidity_reserve(),
            "cash": account_balance(account=chart.CASH),
            "bank": account_balance(account=chart.BANK),
        },
    )


def _limits(member, products, today):
    """Each product's limit for this member and the parts it comes from (shown, not decided:
    ``loan_limit`` is the loans service's own)."""
    savings = member_savings_total(member_id=member.pk, as_of=today)
    bylaws = bylaws_current(as_of=today)
    out = []
    for product in products:
        reasons = []
        if product.max_amount:
            reasons.append(
                _("batas produk %(amount)s") % {"amount": format_rupiah(product.max_amount)}
            )
        if bylaws.loan_max_amount:
            reasons.append(
                _("batas anggaran dasar %(amount)s")
                % {"amount": format_rupiah(bylaws.loan_max_amount)}
            )
        for multiple in (product.max_savings_multiple, bylaws.loan_max_savings_multiple):
            if multiple:
                reasons.append(
                    _("%(multiple)s× simpanan %(savings)s")
                    % {"multiple": _num(multiple), "savings": format_rupiah(savings)}
                )
        out.append(
            {
                "product": product,
                "limit": loan_limit(product=product, member_id=member.pk, as_of=today),
                "reasons": reasons,
            }
        )
    return out, savings


def _num(value):
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


@officer_view(LOAN_ENTRY_ROLES)
def loan_new(request, member_id: int):
    member = member_get(member_id=member_id)
    today = cooperative_today()
    products = loan_product_list(active=True)
    form = LoanApplyForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guarantor_id = None
            if data["guarantor"]:
                guarantor_id = member_get_by_number(number=data["guarantor"]).pk
            loan = loan_apply(
                member_id=member.pk,
                product_id=data["product"].pk,
                amount=data["amount"],
                tenor=data["tenor"],
                purpose=data["purpose"],
                guarantor_id=guarantor_id,
                applied_on=today,
                payroll_deduction=data["payroll_deduction"],
                entered_by_id=request.user.pk,
            )
        except (ValidationError, SokoguruError) as exc:
            add_service_error(
                form,
                exc,
                {
                    "product_id": "product",
                    "guarantor_id": "guarantor",
                    "number": "guarantor",
                    "member_id": "__all__",
                },
            )
        else:
            return redirect("workspace:loan", loan_id=loan.pk)
    limits, savings = _limits(member, products, today)
    return render(
        request,
        "workspace/loans/new.html",
        {"member": member, "form": form, "limits": limits, "savings": savings},
    )


@officer_view()
def loan_detail(request, loan_id: int, forms: dict | None = None):
    loan = loan_get(loan_id=loan_id)
    today = cooperative_today()
    roles = request.roles
    instalments = list(instalment_list(loan_id=loan.pk))
    repayments = list(repayment_list(loan_id=loan.pk))
    names = user_names(
        [
            loan.entered_by_id,
            loan.decided_by_id,
            loan.disbursed_by_id,
            loan.write_off_requested_by_id,
            *(r.created_by_id for r in repayments),
        ]
    )
    forms = forms or {}
    can_decide = (
        loan.status == Loan.Status.SUBMITTED
        and bool(roles & LOAN_APPROVER_ROLES)
        and loan.entered_by_id != request.user.pk
    )
    context = {
        "loan": loan,
        "instalments": instalments,
        "repayments": repayments,
        "names": names,
        "position": queue_position(loan=loan),
        "can_decide": can_decide,
        "waiting_other": loan.status == Loan.Status.SUBMITTED
        and loan.entered_by_id == request.user.pk,
        "can_disburse": loan.status == Loan.Status.APPROVED and bool(roles & LOAN_DISBURSE_ROLES),
        "can_repay": loan.status == Loan.Status.ACTIVE and bool(roles & LOAN_REPAY_ROLES),
        "can_write_off_request": loan.status == Loan.Status.ACTIVE
        and loan.write_off_requested_on is None
        and bool(roles & LOAN_APPROVER_ROLES),
        "can_write_off_approve": loan.status == Loan.Status.ACTIVE
        and loan.write_off_requested_on is not None
        and loan.write_off_requested_by_id != request.user.pk
        and bool(roles & LOAN_APPROVER_ROLES),
        "approve_form": forms.get("approve") or NoteForm(),
        "reject_form": forms.get("reject") or ReasonForm(),
        "disburse_form": forms.get("disburse") or DisburseForm(),
        "repay_form": forms.get("repay") or RepayForm(initial={"key": new_key()}),
        "writeoff_form": forms.get("writeoff") or ReasonForm(),
    }
    if loan.status == Loan.Status.ACTIVE:
        quote = loan_payoff_quote(loan_id=loan.pk, on=today)
        context["quote"] = quote
        context["payoff_form"] = forms.get("payoff") or RepayForm(
            initial={"key": new_key(), "amount": quote["total"]}
        )
    if loan.status == Loan.Status.APPROVED:
        context["cash"] = account_balance(account=chart.CASH)
        context["bank"] = account_balance(account=chart.BANK)
        context["cash_out"] = loan.amount - loan.admin_fee
    status = 400 if forms else 200
    return render(request, "workspace/loans/detail.html", context, status=status)


def _act(request, loan_id, name, form, call, fields=None):
    """Run one loan action from its form; on refusal the loan page again, the message at the
    field."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except (ValidationError, SokoguruError) as exc:
            add_service_error(form, exc, fields)
        else:
            return redirect("workspace:loan", loan_id=loan_id)
    return loan_detail.__wrapped__(request, loan_id, forms={name: form})


@require_POST
@officer_view(LOAN_APPROVER_ROLES)
def loan_approve_view(request, loan_id: int):
    return _act(
        request,
        loan_id,
        "approve",
        NoteForm(request.POST),
        lambda d: loan_approve(loan_id=loan_id, approved_by_id=request.user.pk, note=d["note"]),
    )


@require_POST
@officer_view(LOAN_APPROVER_ROLES)
def loan_reject_view(request, loan_id: int):
    return _act(
        request,
        loan_id,
        "reject",
        ReasonForm(request.POST),
        lambda d: loan_reject(loan_id=loan_id, rejected_by_id=request.user.pk, reason=d["reason"]),
    )


@require_POST
@officer_view(LOAN_DISBURSE_ROLES)
def loan_disburse_view(request, loan_id: int):
    return _act(
        request,
        loan_id,
        "disburse",
        DisburseForm(request.POST),
        lambda d: loan_disburse(
            loan_id=loan_id,
            disbursed_by_id=request.user.pk,
            disbursed_on=cooperative_today(),
            paid_from=d["paid_from"],
        ),
        {"loan_id": "__all__"},
    )


@require_POST
@officer_view(LOAN_REPAY_ROLES)
def loan_repay_view(request, loan_id: int):
    return _act(
        request,
        loan_id,
        "repay",
        RepayForm(request.POST),
        lambda d: loan_repay(
            loan_id=loan_id,
            amount=d["amount"],
            date=cooperative_today(),
            idempotency_key=f"{d['key']}:loan",
            received_by_id=request.user.pk,
            account=d["account"],
        ),
    )


@require_POST
@officer_view(LOAN_REPAY_ROLES)
def loan_payoff_view(request, loan_id: int):
    return _act(
        request,
        loan_id,
        "payoff",
        RepayForm(request.POST),
        lambda d: loan_pay_off(
            loan_id=loan_id,
            amount=d["amount"],
            date=cooperative_today(),
            idempotency_key=f"{d['key']}:payoff",
            received_by_id=request.user.pk,
            account=d["account"],
        ),
    )


@require_POST
@officer_view(LOAN_APPROVER_ROLES)
def loan_write_off_request_view(request, loan_id: int):
    return _act(
        request,
        loan_id,
        "writeoff",
        ReasonForm(request.POST),
        lambda d: loan_write_off_request(
            loan_id=loan_id, requested_by_id=request.user.pk, reason=d["reason"]
        ),
    )


@require_POST
@officer_view(LOAN_APPROVER_ROLES)
def loan_write_off_approve_view(request, loan_id: int):
    return _act(
        request,
        loan_id,
        "writeoff",
        ReasonForm({"reason": "-"}),
        lambda d: loan_write_off_approve(loan_id=loan_id, approved_by_id=request.user.pk),
    )
