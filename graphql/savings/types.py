from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node, encode_id
from sokoguru.graphql.core.permissions import current_roles
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.graphql.members.roles import READ_ROLES
from sokoguru.tenants.savings.models import PayrollBatch, SavingsMovement, WajibBill


class SavingsKind(graphene.Enum):
    POKOK = "pokok"
    WAJIB = "wajib"
    SUKARELA = "sukarela"


class MovementKind(graphene.Enum):
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    INTEREST = "interest"
    SETTLEMENT = "settlement"


class SavingsMovementType(DjangoObjectType):
    kind = graphene.Field(SavingsKind, required=True)
    type = graphene.Field(MovementKind, required=True)
    amount = Money(required=True, description="Signed: + into the savings, − out of it.")
    member_id = graphene.ID(required=True)
    journal_transaction_id = graphene.ID()

    class Meta:
        model = SavingsMovement
        name = "SavingsMovement"
        fields = ("date", "description", "idempotency_key", "created_at")
        convert_choices_to_enum = False

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_type(root, info):
        return str(root.type)

    @staticmethod
    def resolve_member_id(root, info):
        return encode_id("Member", root.member_id)


class PassbookLine(graphene.ObjectType):
    date = graphene.Date(required=True)
    description = graphene.String(required=True)
    debit = Money(required=True, description="Out of the savings")
    credit = Money(required=True, description="Into the savings")
    balance = Money(required=True, description="Running balance after this line")
    journal_transaction_id = graphene.ID(required=True)


class Passbook(graphene.ObjectType):
    kind = graphene.Field(SavingsKind, required=True)
    start = graphene.Date(required=True)
    end = graphene.Date(required=True)
    opening_balance = Money(required=True)
    closing_balance = Money(required=True)
    total_credit = Money(required=True)
    total_debit = Money(required=True)
    lines = graphene.List(graphene.NonNull(PassbookLine), required=True)


class WajibBillType(DjangoObjectType):
    amount = Money(required=True)
    paid_amount = Money(required=True)
    outstanding = Money(required=True)

    class Meta:
        model = WajibBill
        name = "WajibBill"
        fields = ("period", "paid_on", "waived_on")


class WajibArrearsSummary(graphene.ObjectType):
    members = graphene.Int(required=True)
    months = graphene.Int(required=True)
    amount = Money(required=True)


class PayrollBatchType(DjangoObjectType):
    wajib_total = Money(required=True)
    loan_total = Money(required=True)
    other_total = Money(required=True)
    total = Money(required=True)
    journal_transaction_id = graphene.ID()

    class Meta:
        model = PayrollBatch
        name = "PayrollBatch"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = ("period", "received_on", "filename", "content_hash", "row_count", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        if not current_roles(info) & READ_ROLES:
            return queryset.none()
        return queryset


class PayrollRowError(graphene.ObjectType):
    row = graphene.Int(required=True, description="Spreadsheet row (header = 1)")
    column = graphene.String(required=True)
    message = graphene.String(required=True)
