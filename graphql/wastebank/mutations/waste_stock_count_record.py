from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.wastebank.types import StockCountType, WasteCountLineInput
from sokoguru.tenants.wastebank.services import stock_count_record


class WasteStockCountRecordInput(graphene.InputObjectType):
    date = graphene.Date(required=True)
    lines = graphene.List(graphene.NonNull(WasteCountLineInput), required=True)
    reason = graphene.String(required=True)
    idempotency_key = graphene.String(required=True)


class WasteStockCountRecord(BaseMutation):
    """A stock count (opname); the difference is posted with its reason (ketua, bendahara)."""

    stock_count = graphene.Field(StockCountType)

    class Arguments:
        input = WasteStockCountRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        lines = [
            {
                "item_id": decode_id(line.item_id, "WasteItem", field=f"lines[{i}].item_id"),
                "counted_quantity": line.counted_quantity,
            }
            for i, line in enumerate(input.lines or [])
        ]
        count = stock_count_record(
            date=input.date,
            lines=lines,
            reason=input.reason,
            idempotency_key=input.idempotency_key,
            created_by_id=user.pk,
        )
        return {"stock_count": count}
