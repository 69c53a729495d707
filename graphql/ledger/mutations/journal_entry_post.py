from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.ledger.types import JournalTransactionType
from sokoguru.tenants.ledger.permissions import JOURNAL_WRITE_ROLES
from sokoguru.tenants.ledger.services import SOURCE_MANUAL, Leg, transaction_post


class JournalLegInput(graphene.InputObjectType):
    account = graphene.String(required=True, description="Account code, e.g. 1101")
    debit = Money(description="Fill exactly one of debit or credit")
    credit = Money()
    member_id = graphene.Int(description="Member sub-ledger (members.Member id)")


class JournalEntryPostInput(graphene.InputObjectType):
    date = graphene.Date(required=True)
    description = graphene.String(required=True)
    legs = graphene.List(graphene.NonNull(JournalLegInput), required=True)
    idempotency_key = graphene.String(
        required=True,
        description="Client-chosen key for this entry; a retry with the same key and content "
        "returns the first posting",
    )


class JournalEntryPost(BaseMutation):
    """Post a manual journal entry (bendahara)."""

    transaction = graphene.Field(JournalTransactionType)

    class Arguments:
        input = JournalEntryPostInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, JOURNAL_WRITE_ROLES)
        txn = transaction_post(
            date=input.date,
            description=input.description,
            legs=[
                Leg(
                    account=leg.account,
                    debit=leg.debit or 0,
                    credit=leg.credit or 0,
                    member_id=leg.member_id,
                )
                for leg in input.legs
            ],
            idempotency_key=f"manual:{input.idempotency_key}",
            source_kind=SOURCE_MANUAL,
            created_by_id=user.pk,
        )
        return {"transaction": txn}
