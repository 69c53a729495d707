"""Shared bits of the loan mutations: the acting officer and ID decoding."""

from __future__ import annotations

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.loans.types import decode_id
from sokoguru.tenants.loans.selectors import loan_get

# Each mutation declares the role set of its service from tenants/loans/permissions.py.


def acting_user_id(info, roles) -> int:
    return require_roles(info, roles).pk


def loan_id_of(value) -> int:
    return decode_id(value, "Loan", field="loan_id")


def loan_payload(loan_id: int) -> dict:
    return {"loan": loan_get(loan_id=loan_id)}
