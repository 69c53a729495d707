from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, Money, enum_value
from sokoguru.graphql.wastebank.types import WasteItemType, WasteUnit
from sokoguru.tenants.wastebank.services import item_create


class WasteItemCreateInput(graphene.InputObjectType):
    category_id = graphene.ID(required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    unit = WasteUnit(required=True)
    buy_price = Money(required=True)
    sell_price = Money(required=True)
    effective_from = graphene.Date(required=True)


class WasteItemCreate(BaseMutation):
    """A new item with its first price (ketua, bendahara)."""

    item = graphene.Field(WasteItemType)

    class Arguments:
        input = WasteItemCreateInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        item = item_create(
            category_id=decode_id(input.category_id, "WasteCategory", field="category_id"),
            code=input.code,
            name=input.name,
            unit=enum_value(input.unit),
            buy_price=input.buy_price,
            sell_price=input.sell_price,
            effective_from=input.effective_from,
            created_by_id=user.pk,
        )
        return {"item": item}
