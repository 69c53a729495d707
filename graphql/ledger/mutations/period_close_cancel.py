from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.ledger.ids import pk_from_global_id
from sokoguru.graphql.ledger.types import FiscalPeriodType
from sokoguru.tenants.ledger.permissions import PERIOD_CLOSE_REQUEST_ROLES
from sokoguru.tenants.ledger.services import period_close_cancel


class PeriodCloseCancel(BaseMutation):
    """Withdraw a close request that has not been confirmed."""

    period = graphene.Field(FiscalPeriodType)

    class Arguments:
        period_id = graphene.ID(required=True)

    @classmethod
    def perform(cls, root, info, period_id):
        user = require_roles(info, PERIOD_CLOSE_REQUEST_ROLES)
        period = period_close_cancel(
            period_id=pk_from_global_id(period_id, type_name="FiscalPeriod", field="period_id"),
            cancelled_by_id=user.pk,
        )
        return {"period": period}
