from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node, encode_id
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.tenants.production.models import Business, OutputRecord, Product, Sale, Settlement


class BusinessKind(graphene.Enum):
    HIDROPONIK = "hidroponik"
    TOGA = "toga"
    OLAHAN_PANGAN = "olahan_pangan"
    KERAJINAN_DAUR_ULANG = "kerajinan_daur_ulang"
    LAINNYA = "lainnya"


class OutputPeriod(graphene.Enum):
    WEEK = "week"
    MONTH = "month"


class SaleChannel(graphene.Enum):
    DIRECT = "direct"
    ONLINE = "online"
    EXHIBITION = "exhibition"


class SaleMode(graphene.Enum):
    CONSIGNMENT = "consignment"
    OWN = "own"


class BusinessType(DjangoObjectType):
    kind = graphene.Field(BusinessKind, required=True)
    owner_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    class Meta:
        model = Business
        name = "Business"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = ("name", "started_on", "status", "closed_on", "description")
        convert_choices_to_enum = False

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_owner_ids(root, info):
        # owners are prefetched by the list (one query for the page)
        return [encode_id("Member", m.pk) for m in root.owners.all()]


class ProductType(DjangoObjectType):
    price = Money(required=True)
    mode = graphene.Field(SaleMode, required=True)
    commission_percent = graphene.Decimal()
    stock = graphene.Decimal(required=True)
    business_name = graphene.String(required=True)
    kind = graphene.Field(BusinessKind, required=True)
    photo_url = graphene.String()
    thumbnail_url = graphene.String()

    class Meta:
        model = Product
        name = "Product"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = ("name", "description", "unit", "is_published", "is_active", "updated_at")
        convert_choices_to_enum = False

    @staticmethod
    def resolve_mode(root, info):
        return str(root.mode)

    @staticmethod
    def resolve_business_name(root, info):
        return root.business.name

    @staticmethod
    def resolve_kind(root, info):
        return str(root.business.kind)

    @staticmethod
    def resolve_photo_url(root, info):
        return root.photo.url if root.photo else None

    @staticmethod
    def resolve_thumbnail_url(root, info):
        return root.thumbnail.url if root.thumbnail else None


class OutputRecordType(DjangoObjectType):
    period = graphene.Field(OutputPeriod, required=True)
    quantity = graphene.Decimal(required=True)
    value = Money()
    business_id = graphene.ID(required=True)

    class Meta:
        model = OutputRecord
        name = "OutputRecord"
        fields = (
            "period_start",
            "product_name",
            "unit",
            "note",
            "recorded_at",
            "recorded_by_id",
            "is_late",
        )
        convert_choices_to_enum = False

    @staticmethod
    def resolve_period(root, info):
        return str(root.period)

    @staticmethod
    def resolve_business_id(root, info):
        return encode_id("Business", root.business_id)


class SaleType(DjangoObjectType):
    quantity = graphene.Decimal(required=True)
    unit_price = Money(required=True)
    amount = Money(required=True)
    commission = Money(required=True)
    payable = Money(required=True, description="Owed to the consignor (0 for own stock)")
    cost = Money(required=True)
    mode = graphene.Field(SaleMode, required=True)
    channel = graphene.Field(SaleChannel, required=True)
    journal_transaction_id = graphene.ID()

    class Meta:
        model = Sale
        name = "ProductSale"
        fields = ("date", "exhibition_id", "idempotency_key", "created_at")
        convert_choices_to_enum = False

    @staticmethod
    def resolve_mode(root, info):
        return str(root.mode)

    @staticmethod
    def resolve_channel(root, info):
        return str(root.channel)


class SettlementType(DjangoObjectType):
    amount = Money(required=True)
    journal_transaction_id = graphene.ID()

    class Meta:
        model = Settlement
        name = "ConsignmentSettlement"
        fields = ("date", "idempotency_key", "created_at")


class UnitQuantity(graphene.ObjectType):
    unit = graphene.String(required=True)
    quantity = graphene.Decimal(required=True)


class OutputTrendPoint(graphene.ObjectType):
    period_start = graphene.Date(required=True)
    recorded = graphene.Boolean(required=True, description="False: belum dicatat")
    quantities = graphene.List(graphene.NonNull(UnitQuantity), required=True)
    value = Money(required=True)


class ConsignmentPayable(graphene.ObjectType):
    member_id = graphene.ID(required=True)
    amount = Money(required=True)
