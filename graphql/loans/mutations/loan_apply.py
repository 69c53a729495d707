from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.loans.mutations._common import acting_user_id, loan_payload
from sokoguru.graphql.loans.types import LoanType, decode_id
from sokoguru.tenants.loans.permissions import ENTRY_ROLES
from sokoguru.tenants.loans.services import loan_apply


class LoanApplyInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True, description="The borrower (member id)")
    product_id = graphene.ID(required=True)
    amount = Money(required=True, description="Whole rupiah")
    tenor = graphene.Int(required=True, description="Months")
    purpose = graphene.String(required=True, description="Usaha / tujuan pinjaman")
    guarantor_id = graphene.ID(description="Guarantor (member id)")
    applied_on = graphene.Date()
    payroll_deduction = graphene.Boolean()


class LoanApply(BaseMutation):
    """Enter a loan application (officer: ketua, sekretaris, bendahara, kasir)."""

    loan = graphene.Field(LoanType)

    class Arguments:
        input = LoanApplyInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, ENTRY_ROLES)
        loan = loan_apply(
            member_id=decode_id(input.member_id, "Member", field="member_id"),
            product_id=decode_id(input.product_id, "LoanProduct", field="product_id"),
            amount=input.amount,
            tenor=input.tenor,
            purpose=input.purpose,
            guarantor_id=(
                decode_id(input.guarantor_id, "Member", field="guarantor_id")
                if input.guarantor_id
                else None
            ),
            applied_on=input.applied_on,
            payroll_deduction=bool(input.payroll_deduction),
            entered_by_id=user_id,
        )
        return loan_payload(loan.pk)
