from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.wastebank.types import (
    WasteSaleLineInput,
    WasteSaleType,
    item_lines,
)
from sokoguru.tenants.wastebank.services import sale_record


class WasteSaleRecordInput(graphene.InputObjectType):
    collector_id = graphene.ID(required=True)
    date = graphene.Date(required=True)
    lines = graphene.List(graphene.NonNull(WasteSaleLineInput), required=True)
    idempotency_key = graphene.String(required=True)


class WasteSaleRecord(BaseMutation):
    """Sell stock to a collector for cash; never more than the stock holds."""

    sale = graphene.Field(WasteSaleType)

    class Arguments:
        input = WasteSaleRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        sale = sale_record(
            collector_id=decode_id(input.collector_id, "WasteCollector", field="collector_id"),
            date=input.date,
            lines=item_lines(input.lines, extra=("price",)),
            idempotency_key=input.idempotency_key,
            created_by_id=user.pk,
        )
        return {"sale": sale}
