from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, Money, enum_value
from sokoguru.graphql.meetings.types import BudgetLineKind, DecisionMethod, DecisionType, pk_of
from sokoguru.tenants.meetings import services


class BudgetLineInput(graphene.InputObjectType):
    kind = BudgetLineKind(required=True)
    account_code = graphene.String(required=True)
    label = graphene.String(required=True)
    amount = Money(required=True)


class RapbRecordInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    method = DecisionMethod(required=True)
    text = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(BudgetLineInput), required=True)
    votes_for = graphene.Decimal()
    votes_against = graphene.Decimal()
    votes_abstain = graphene.Decimal()


class RapbRecord(BaseMutation):
    """The approved work plan and budget (RAPB) with its lines."""

    decision = graphene.Field(DecisionType)

    class Arguments:
        input = RapbRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        decision = services.rapb_record(
            item_id=pk_of(input.item_id, "AgendaItem", field="item_id"),
            method=enum_value(input.method),
            text=input.text,
            lines=[
                {
                    "kind": enum_value(line.kind),
                    "account_code": line.account_code,
                    "label": line.label,
                    "amount": line.amount,
                }
                for line in input.lines
            ],
            votes_for=input.votes_for or 0,
            votes_against=input.votes_against or 0,
            votes_abstain=input.votes_abstain or 0,
            decided_by_id=user.pk,
        )
        return {"decision": decision}
