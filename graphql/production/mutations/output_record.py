from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.types import BaseMutation, Money, enum_value
from sokoguru.graphql.production.mutations._common import acting_user_id
from sokoguru.graphql.production.types import OutputPeriod, OutputRecordType
from sokoguru.tenants.production.permissions import OUTPUT_ROLES
from sokoguru.tenants.production.services import output_record


class OutputRecordInput(graphene.InputObjectType):
    business_id = graphene.ID(required=True)
    period = OutputPeriod(required=True)
    day = graphene.Date(required=True, description="Any day of the week (or month) recorded")
    product_name = graphene.String(required=True)
    quantity = graphene.Decimal(required=True)
    unit = graphene.String(required=True, description="kg, ikat, pot, botol, buah, …")
    value = Money()
    note = graphene.String()


class OutputRecordMutation(BaseMutation):
    """Record (or correct) a business's output of one product for a week or month."""

    record = graphene.Field(OutputRecordType)

    class Meta:
        name = "OutputRecordSave"

    class Arguments:
        input = OutputRecordInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, OUTPUT_ROLES)
        record = output_record(
            business_id=decode_id(input.business_id, "Business", field="business_id"),
            period=enum_value(input.period),
            day=input.day,
            product_name=input.product_name,
            quantity=input.quantity,
            unit=input.unit,
            value=input.value,
            note=input.note or "",
            recorded_by_id=user_id,
        )
        return {"record": record}
