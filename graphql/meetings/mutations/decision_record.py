from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.meetings.types import DecisionMethod, DecisionOutcome, DecisionType, pk_of
from sokoguru.tenants.meetings import services


class DecisionRecordInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    method = DecisionMethod(required=True)
    text = graphene.String(required=True)
    votes_for = graphene.Decimal()
    votes_against = graphene.Decimal()
    votes_abstain = graphene.Decimal()
    outcome = DecisionOutcome()


class DecisionRecord(BaseMutation):
    """What the meeting decided on an item (consensus or vote tally)."""

    decision = graphene.Field(DecisionType)

    class Arguments:
        input = DecisionRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        decision = services.decision_record(
            item_id=pk_of(input.item_id, "AgendaItem", field="item_id"),
            method=enum_value(input.method),
            text=input.text,
            votes_for=input.votes_for or 0,
            votes_against=input.votes_against or 0,
            votes_abstain=input.votes_abstain or 0,
            outcome=enum_value(input.outcome),
            decided_by_id=user.pk,
        )
        return {"decision": decision}
