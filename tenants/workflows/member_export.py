"""A member's own data as one file (UU 27/2022, the data subject's access right): profile,
status history, savings balances and every passbook line, loans with their repayments — for
the pengurus on the member's request, role-checked here, as JSON."""

from __future__ import annotations

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.loans.selectors import loan_list, repayment_list
from sokoguru.tenants.members.permissions import OFFICER_ROLES
from sokoguru.tenants.members.selectors import member_get, member_status_history
from sokoguru.tenants.savings.models import SavingsKind
from sokoguru.tenants.savings.selectors import member_savings_balances, passbook

MEMBER_EXPORT_ROLES = OFFICER_ROLES  # ketua, sekretaris


def member_data_export(*, member_id: int, requested_by_id: int) -> dict:
    require_tenant_schema()
    require_role(requested_by_id, MEMBER_EXPORT_ROLES, field="member_id")
    member = member_get(member_id=member_id)
    today = cooperative_today()
    profile = model_to_dict(member, exclude=["created_by_id"])
    profile.update(number=member.number, created_at=member.created_at)
    books = {
        kind: [
            {
                "date": line.date,
                "description": line.description,
                "debit": line.debit,
                "credit": line.credit,
                "balance": line.balance,
            }
            for line in passbook(
                member_id=member.pk, kind=kind, start=date(1900, 1, 1), end=today
            ).lines
        ]
        for kind in SavingsKind.values
    }
    loans = []
    for loan in loan_list(member_id=member.pk):
        row = model_to_dict(loan)
        row["number"] = loan.number
        row["repayments"] = [model_to_dict(r) for r in repayment_list(loan_id=loan.pk)]
        loans.append(row)
    return {
        "exported_on": today,
        "profile": profile,
        "status_history": [model_to_dict(h) for h in member_status_history(member_id=member.pk)],
        "savings_balances": member_savings_balances(member_id=member.pk),
        "passbooks": books,
        "loans": loans,
    }


def member_data_export_json(*, member_id: int, requested_by_id: int) -> bytes:
    data = member_data_export(member_id=member_id, requested_by_id=requested_by_id)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
