from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.wastebank.types import WastePriceType
from sokoguru.tenants.wastebank.services import price_set


class WastePriceSetInput(graphene.InputObjectType):
    item_id = graphene.ID(required=True)
    effective_from = graphene.Date(required=True, description="Never before an existing deposit")
    buy_price = Money(required=True)
    sell_price = Money(required=True, description="Indicative")


class WastePriceSet(BaseMutation):
    """A new price of an item from a day on (ketua, bendahara)."""

    price = graphene.Field(WastePriceType)

    class Arguments:
        input = WastePriceSetInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        price = price_set(
            item_id=decode_id(input.item_id, "WasteItem", field="item_id"),
            effective_from=input.effective_from,
            buy_price=input.buy_price,
            sell_price=input.sell_price,
            created_by_id=user.pk,
        )
        return {"price": price}
