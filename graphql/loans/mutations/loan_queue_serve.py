from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import acting_user_id
from sokoguru.graphql.loans.types import LoanType
from sokoguru.tenants.loans.permissions import POLICY_ROLES
from sokoguru.tenants.loans.services import loan_queue_serve


class LoanQueueServe(BaseMutation):
    """Reserve funds for queued loans in queue order while the available funds cover the head
    of the queue (bendahara or ketua)."""

    served = graphene.List(graphene.NonNull(LoanType), required=True)

    @classmethod
    def perform(cls, root, info):
        user_id = acting_user_id(info, POLICY_ROLES)
        return {"served": loan_queue_serve(served_by_id=user_id)}

    @classmethod
    def mutate(cls, root, info, **data):
        result = super().mutate(root, info, **data)
        if result.served is None:
            result.served = []
        return result
