from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.ledger.ids import pk_from_global_id
from sokoguru.graphql.ledger.types import JournalTransactionType
from sokoguru.tenants.ledger.permissions import JOURNAL_WRITE_ROLES
from sokoguru.tenants.ledger.services import transaction_reverse


class TransactionReverseInput(graphene.InputObjectType):
    transaction_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    description = graphene.String()
    idempotency_key = graphene.String(required=True)


class TransactionReverse(BaseMutation):
    """Correct a posted transaction by posting its mirror (bendahara)."""

    transaction = graphene.Field(JournalTransactionType, description="The reversing transaction")

    class Arguments:
        input = TransactionReverseInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, JOURNAL_WRITE_ROLES)
        txn = transaction_reverse(
            transaction_id=pk_from_global_id(
                input.transaction_id, type_name="JournalTransaction", field="transaction_id"
            ),
            date=input.date,
            description=input.description or "",
            idempotency_key=f"manual-reversal:{input.idempotency_key}",
            created_by_id=user.pk,
        )
        return {"transaction": txn}
