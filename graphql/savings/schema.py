from __future__ import annotations

import graphene

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import enum_value
from sokoguru.graphql.members.roles import READ_ROLES
from sokoguru.graphql.members.types import member_pk
from sokoguru.graphql.savings.mutations.payroll_batch_import import PayrollBatchImport
from sokoguru.graphql.savings.mutations.pokok_pay import PokokPay
from sokoguru.graphql.savings.mutations.sukarela_deposit import SukarelaDeposit
from sokoguru.graphql.savings.mutations.sukarela_withdraw import SukarelaWithdraw
from sokoguru.graphql.savings.mutations.wajib_pay import WajibPay
from sokoguru.graphql.savings.types import (
    Passbook,
    PassbookLine,
    PayrollBatchType,
    SavingsKind,
    WajibArrearsSummary,
    WajibBillType,
)
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.members.selectors import member_get
from sokoguru.tenants.savings.selectors import (
    passbook,
    payroll_batch_list,
    wajib_arrears_summary,
    wajib_bill_list,
)


class SavingsQueries(graphene.ObjectType):
    passbook = graphene.Field(
        Passbook,
        member_id=graphene.ID(required=True),
        kind=SavingsKind(required=True),
        start=graphene.Date(required=True),
        end=graphene.Date(required=True),
        description="A member's statement of one savings kind with running balance.",
    )
    wajib_bills = graphene.List(
        graphene.NonNull(WajibBillType), required=True, member_id=graphene.ID(required=True)
    )
    wajib_arrears = graphene.Field(
        WajibArrearsSummary, required=True, as_of=graphene.Date(description="Default: today")
    )
    payroll_batches = ConnectionField(PayrollBatchType)

    @staticmethod
    def resolve_passbook(root, info, member_id, kind, start, end):
        require_roles(info, READ_ROLES)
        member = member_get(member_id=member_pk(member_id))
        book = passbook(member_id=member.pk, kind=enum_value(kind), start=start, end=end)
        return Passbook(
            kind=book.kind,
            start=book.start,
            end=book.end,
            opening_balance=book.opening_balance,
            closing_balance=book.closing_balance,
            total_credit=book.total_credit,
            total_debit=book.total_debit,
            lines=[PassbookLine(**line.__dict__) for line in book.lines],
        )

    @staticmethod
    def resolve_wajib_bills(root, info, member_id):
        require_roles(info, READ_ROLES)
        return wajib_bill_list(member_id=member_get(member_id=member_pk(member_id)).pk)

    @staticmethod
    def resolve_wajib_arrears(root, info, as_of=None):
        require_roles(info, READ_ROLES)
        return WajibArrearsSummary(**wajib_arrears_summary(as_of=as_of or cooperative_today()))

    @staticmethod
    def resolve_payroll_batches(root, info, **kwargs):
        require_roles(info, READ_ROLES)
        return payroll_batch_list()


class SavingsMutations(graphene.ObjectType):
    pokok_pay = PokokPay.Field()
    wajib_pay = WajibPay.Field()
    sukarela_deposit = SukarelaDeposit.Field()
    sukarela_withdraw = SukarelaWithdraw.Field()
    payroll_batch_import = PayrollBatchImport.Field()
