from __future__ import annotations

import graphene

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.ids import decode_id, encode_id
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import enum_value
from sokoguru.graphql.production.mutations.consignment_settle import ConsignmentSettle
from sokoguru.graphql.production.mutations.exhibition_product_register import (
    ExhibitionProductRegister,
)
from sokoguru.graphql.production.mutations.output_record import OutputRecordMutation
from sokoguru.graphql.production.mutations.product_publish import ProductPublish
from sokoguru.graphql.production.mutations.sale_record import ProductSaleRecord
from sokoguru.graphql.production.types import (
    BusinessKind,
    BusinessType,
    ConsignmentPayable,
    OutputPeriod,
    OutputTrendPoint,
    ProductType,
    UnitQuantity,
)
from sokoguru.tenants.production import selectors
from sokoguru.tenants.production.permissions import VIEW_ROLES


class ProductionQueries(graphene.ObjectType):
    businesses = ConnectionField(
        BusinessType, kind=BusinessKind(), description="Members' micro-businesses (usaha anggota)"
    )
    products = ConnectionField(
        ProductType, published=graphene.Boolean(), description="The cooperative's catalogue"
    )
    output_trend = graphene.List(
        graphene.NonNull(OutputTrendPoint),
        required=True,
        year=graphene.Int(required=True),
        period=OutputPeriod(),
        business_id=graphene.ID(),
        kind=BusinessKind(),
        description="Every week (or month) of a year, recorded or not (belum dicatat).",
    )
    missing_weeks = graphene.List(
        graphene.NonNull(graphene.Date),
        required=True,
        business_id=graphene.ID(required=True),
        start=graphene.Date(required=True),
        end=graphene.Date(required=True),
        description="Mondays of complete active weeks without an output record.",
    )
    consignment_payables = graphene.List(
        graphene.NonNull(ConsignmentPayable),
        required=True,
        description="What the cooperative owes each consignor (unsettled sales).",
    )

    @staticmethod
    def resolve_businesses(root, info, kind=None, **kwargs):
        require_roles(info, VIEW_ROLES)
        return selectors.business_list(kind=enum_value(kind)).order_by("name", "pk")

    @staticmethod
    def resolve_products(root, info, published=None, **kwargs):
        require_roles(info, VIEW_ROLES)
        return selectors.product_list(published=published).order_by("name", "pk")

    @staticmethod
    def resolve_output_trend(root, info, year, period=None, business_id=None, kind=None):
        require_roles(info, VIEW_ROLES)
        rows = selectors.output_trend(
            year=year,
            period=enum_value(period) or "week",
            business_id=decode_id(business_id, "Business", field="business_id")
            if business_id
            else None,
            kind=enum_value(kind),
        )
        return [
            OutputTrendPoint(
                period_start=r["period_start"],
                recorded=r["recorded"],
                quantities=[UnitQuantity(unit=u, quantity=q) for u, q in r["quantities"].items()],
                value=r["value"],
            )
            for r in rows
        ]

    @staticmethod
    def resolve_missing_weeks(root, info, business_id, start, end):
        require_roles(info, VIEW_ROLES)
        return selectors.missing_weeks(
            business_id=decode_id(business_id, "Business", field="business_id"),
            start=start,
            end=end,
        )

    @staticmethod
    def resolve_consignment_payables(root, info):
        require_roles(info, VIEW_ROLES)
        return [
            ConsignmentPayable(member_id=encode_id("Member", member_id), amount=amount)
            for member_id, amount in sorted(selectors.consignment_payable_by_member().items())
        ]


class ProductionMutations(graphene.ObjectType):
    output_record = OutputRecordMutation.Field()
    product_sale_record = ProductSaleRecord.Field()
    consignment_settle = ConsignmentSettle.Field()
    product_publish = ProductPublish.Field()
    exhibition_product_register = ExhibitionProductRegister.Field()
