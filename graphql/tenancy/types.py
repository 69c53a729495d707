from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.types import CountableConnection
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.platform.tenancy.services import cooperative_domain


class CooperativeKind(graphene.Enum):
    PRIMARY_RW = "primary_rw"
    PRIMARY_OPD = "primary_opd"
    PRIMARY_OTHER = "primary_other"
    SECONDARY = "secondary"


class RegionType(DjangoObjectType):
    level = graphene.Int(required=True)

    class Meta:
        model = Region
        name = "Region"
        fields = ("code", "name", "level")


class CooperativeType(DjangoObjectType):
    kind = graphene.Field(CooperativeKind, required=True)
    domicile = graphene.Field(RegionType)
    domain = graphene.String(required=True)

    class Meta:
        model = Cooperative
        name = "Cooperative"
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection
        fields = ("name", "slug", "kind", "legal_number", "time_zone", "is_active", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        # Reached through node(id) and the registry connection: platform staff only; oversight
        # officials see cooperatives through the federation snapshots, scoped to their body.
        user = info.context.user
        if not (user.is_authenticated and user.is_staff):
            return queryset.none()
        return queryset.exclude(kind=Cooperative.Kind.PLATFORM)

    @staticmethod
    def resolve_kind(root, info):
        return root.kind

    @staticmethod
    def resolve_domain(root, info):
        return cooperative_domain(root.slug)
