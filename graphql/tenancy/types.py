from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node
from sokoguru.graphql.core.permissions import require_login
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
        interfaces = (Node,)
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

    # Public: the name (and id). Everything else about a cooperative needs a login.
    @staticmethod
    def resolve_kind(root, info):
        require_login(info)
        return root.kind

    @staticmethod
    def resolve_domain(root, info):
        require_login(info)
        return cooperative_domain(root.slug)

    @staticmethod
    def resolve_domicile(root, info):
        require_login(info)
        return root.domicile

    @staticmethod
    def resolve_slug(root, info):
        require_login(info)
        return root.slug

    @staticmethod
    def resolve_legal_number(root, info):
        require_login(info)
        return root.legal_number

    @staticmethod
    def resolve_time_zone(root, info):
        require_login(info)
        return root.time_zone

    @staticmethod
    def resolve_is_active(root, info):
        require_login(info)
        return root.is_active

    @staticmethod
    def resolve_created_at(root, info):
        require_login(info)
        return root.created_at
