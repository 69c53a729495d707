from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.meetings.types import DecisionMethod, DecisionType, pk_of
from sokoguru.graphql.members.types import OfficerRole, member_pk
from sokoguru.tenants.meetings import services


class ElectedInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    role = OfficerRole(required=True)
    term_start = graphene.Date(required=True)
    term_end = graphene.Date(required=True)
    votes = graphene.Decimal()


class ElectionRecordInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    method = DecisionMethod(required=True)
    text = graphene.String(required=True)
    elected = graphene.List(graphene.NonNull(ElectedInput), required=True)
    votes_for = graphene.Decimal()
    votes_against = graphene.Decimal()
    votes_abstain = graphene.Decimal()


class ElectionRecord(BaseMutation):
    """An election result: the officer terms are created and the old ones end."""

    decision = graphene.Field(DecisionType)

    class Arguments:
        input = ElectionRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        decision = services.election_record(
            item_id=pk_of(input.item_id, "AgendaItem", field="item_id"),
            method=enum_value(input.method),
            text=input.text,
            elected=[
                {
                    "member_id": member_pk(e.member_id, field="elected"),
                    "role": enum_value(e.role),
                    "term_start": e.term_start,
                    "term_end": e.term_end,
                    "votes": e.votes or 0,
                }
                for e in input.elected
            ],
            votes_for=input.votes_for or 0,
            votes_against=input.votes_against or 0,
            votes_abstain=input.votes_abstain or 0,
            decided_by_id=user.pk,
        )
        return {"decision": decision}
