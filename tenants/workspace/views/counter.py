"""Kasir: one counter screen for one member — pokok, wajib, sukarela in or out and a loan
instalment, several at once, from cash or bank — a confirm step showing every amount, then
the receipt (print and WhatsApp)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sokoguru.platform.core.errors import SokoguruError
from sokoguru.platform.core.money import format_rupiah
from sokoguru.tenants.bylaws.calendar import cooperative_today, month_label
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.loans.selectors import loan_list
from sokoguru.tenants.loans.services import loan_repay
from sokoguru.tenants.members.selectors import member_get
from sokoguru.tenants.savings.selectors import member_savings_balances, wajib_bill_list
from sokoguru.tenants.savings.services import CollectionItem, savings_collection_post
from sokoguru.tenants.workspace.forms import CounterForm, new_key
from sokoguru.tenants.workspace.permissions import COUNTER_ROLES
from sokoguru.tenants.workspace.selectors import counter_receipt
from sokoguru.tenants.workspace.views.base import add_service_error, officer_view, user_names

COUNTER_ACCOUNTS = {"cash": chart.CASH, "bank": chart.BANK}


def _state(member):
    """What the counter shows about the member before anything is typed."""
    today = cooperative_today()
    bylaws = bylaws_current(as_of=today)
    balances = member_savings_balances(member_id=member.pk)
    unpaid = [
        bill
        for bill in wajib_bill_list(member_id=member.pk)
        if bill.paid_amount < bill.amount and bill.waived_on is None
    ]
    loans = list(loan_list(member_id=member.pk, status=Loan.Status.ACTIVE))
    return {
        "today": today,
        "bylaws": bylaws,
        "balances": balances,
        "unpaid_months": [(month_label(b.period), b.amount - b.paid_amount) for b in unpaid],
        "loans": loans,
        "pokok_due": balances["pokok"] == 0,
    }


def _items(member, data, state) -> list[tuple[str, str, Decimal]]:
    """(kind, label, amount) of each thing the member pays or takes; withdrawals negative."""
    bylaws = state["bylaws"]
    items = []
    if data.get("pokok"):
        items.append(("pokok", _("Simpanan pokok"), bylaws.pokok_amount))
    months = data.get("wajib_months") or 0
    if months:
        label = _("Simpanan wajib %(n)s bulan") % {"n": months}
        items.append(("wajib", label, bylaws.wajib_monthly_amount * months))
    if data.get("sukarela_deposit"):
        items.append(("sukarela", _("Setoran simpanan sukarela"), data["sukarela_deposit"]))
    if data.get("sukarela_withdraw"):
        items.append(("sukarela", _("Penarikan simpanan sukarela"), -data["sukarela_withdraw"]))
    if data.get("loan_amount"):
        loan = next(x for x in state["loans"] if x.pk == data["loan"])
        label = _("Angsuran pinjaman %(number)s") % {"number": loan.number}
        items.append(("loan", label, data["loan_amount"]))
    return items


def _post(request, member, data, items):
    """The services, as the savings and loan APIs call them, in one transaction."""
    today = cooperative_today()
    key = data["key"]
    savings = [
        CollectionItem(member_id=member.pk, kind=kind, amount=amount)
        for kind, _label, amount in items
        if kind != "loan"
    ]
    with transaction.atomic():
        if savings:
            savings_collection_post(
                date=today,
                items=savings,
                idempotency_key=key,
                description=f"Kasir — {member.full_name} ({member.number})",
                counter_account=COUNTER_ACCOUNTS[data["account"]],
                created_by_id=request.user.pk,
            )
        if data.get("loan_amount"):
            loan_repay(
                loan_id=data["loan"],
                amount=data["loan_amount"],
                date=today,
                idempotency_key=f"{key}:loan",
                received_by_id=request.user.pk,
                account=data["account"],
            )


@officer_view(COUNTER_ROLES)
def counter(request, member_id: int):
    member = member_get(member_id=member_id)
    state = _state(member)
    initial = {
        "key": new_key(),
        "account": "cash",
        "pokok": request.GET.get("pokok") == "1" and state["pokok_due"],
        "wajib_months": len(state["unpaid_months"]) or None,
    }
    form = CounterForm(
        request.POST or None, initial=initial, loans=state["loans"], pokok_due=state["pokok_due"]
    )
    step = request.POST.get("step", "review") if request.method == "POST" else "edit"
    if step != "edit" and form.is_valid():
        items = _items(member, form.cleaned_data, state)
        if step == "post":
            try:
                _post(request, member, form.cleaned_data, items)
            except (ValidationError, SokoguruError) as exc:
                add_service_error(
                    form,
                    exc,
                    {"amount": "loan_amount", "loan_id": "loan", "items": "__all__"},
                )
            else:
                return redirect(
                    "workspace:receipt", member_id=member.pk, key=form.cleaned_data["key"]
                )
        else:
            total = sum((amount for _k, _l, amount in items), Decimal("0"))
            return render(
                request,
                "workspace/counter/confirm.html",
                {
                    "member": member,
                    "form": form,
                    "items": items,
                    "total": total,
                    "account": dict(form.fields["account"].choices)[form.cleaned_data["account"]],
                },
            )
    return render(request, "workspace/counter/form.html", {"member": member, "form": form, **state})


def receipt_text(cooperative, member, lines, total, day, cashier) -> str:
    out = [
        _("Kuitansi %(name)s") % {"name": cooperative.name},
        day.strftime("%d-%m-%Y"),
        f"{member.full_name} ({member.number})",
    ]
    out += [f"{label}: {format_rupiah(amount, cents=None)}" for label, amount in lines]
    out.append(_("Jumlah: %(total)s") % {"total": format_rupiah(total, cents=None)})
    out.append(_("Petugas: %(name)s") % {"name": cashier})
    return "\n".join(out)


@officer_view()
def receipt(request, member_id: int, key: str):
    member = member_get(member_id=member_id)
    posted = counter_receipt(member_id=member.pk, key=key)
    movements, repayment = posted["movements"], posted["repayment"]
    if not movements and repayment is None:
        return render(
            request,
            "workspace/not_found.html",
            {"message": _("Kuitansi ini tidak ditemukan.")},
            status=404,
        )
    lines = []
    for m in movements:
        signed = -abs(m.amount) if m.type == "withdrawal" else abs(m.amount)
        lines.append((f"{m.get_type_display()} {m.get_kind_display().lower()}", signed))
    if repayment is not None:
        lines.append(
            (
                _("Angsuran pinjaman %(number)s") % {"number": repayment.loan.number},
                repayment.amount,
            )
        )
    total = sum((amount for _l, amount in lines), Decimal("0"))
    first = movements[0] if movements else repayment
    cashier_id = first.created_by_id
    cashier = user_names([cashier_id]).get(cashier_id, "")
    day = first.date
    text = receipt_text(request.tenant, member, lines, total, day, cashier)
    phone = (member.phone or "").lstrip("+")
    context = {
        "member": member,
        "lines": lines,
        "total": total,
        "day": day,
        "cashier": cashier,
        "key": key,
        "paper": request.GET.get("kertas", "80")
        if request.GET.get("kertas") in ("58", "80", "a4")
        else "80",
        "wa_url": f"https://wa.me/{phone}?text={quote(text)}",
        "receipt_url": reverse("workspace:receipt", args=[member.pk, key]),
    }
    return render(request, "workspace/counter/receipt.html", context)
