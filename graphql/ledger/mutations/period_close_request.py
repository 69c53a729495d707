from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.ledger.types import FiscalPeriodType
from sokoguru.tenants.ledger.permissions import PERIOD_CLOSE_REQUEST_ROLES
from sokoguru.tenants.ledger.services import period_close_request


class PeriodCloseRequestInput(graphene.InputObjectType):
    start_date = graphene.Date(required=True)
    end_date = graphene.Date(required=True)
    note = graphene.String()


class PeriodCloseRequest(BaseMutation):
    """Ask to close the books for a period; another officer must confirm."""

    period = graphene.Field(FiscalPeriodType)

    class Arguments:
        input = PeriodCloseRequestInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, PERIOD_CLOSE_REQUEST_ROLES)
        period = period_close_request(
            start_date=input.start_date,
            end_date=input.end_date,
            requested_by_id=user.pk,
            note=input.note or "",
        )
        return {"period": period}
