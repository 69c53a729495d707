from __future__ import annotations

import graphene
from django.db import connection

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.permissions import require_platform_staff
from sokoguru.graphql.tenancy.mutations.cooperative_provision import CooperativeProvision
from sokoguru.graphql.tenancy.types import CooperativeKind, CooperativeType
from sokoguru.platform.tenancy.selectors import cooperative_list


class CooperativeQueries(graphene.ObjectType):
    """Cooperative API: the cooperative of this host."""

    cooperative = graphene.Field(CooperativeType, required=True)

    @staticmethod
    def resolve_cooperative(root, info):
        return connection.tenant


class RegistryQueries(graphene.ObjectType):
    """Federation API: the registry (platform staff)."""

    cooperatives = ConnectionField(
        CooperativeType,
        kind=CooperativeKind(),
        region_code=graphene.String(description="Kemendagri code; includes sub-regions"),
        active=graphene.Boolean(),
    )

    @staticmethod
    def resolve_cooperatives(root, info, kind=None, region_code=None, active=None, **kwargs):
        require_platform_staff(info)
        kind_value = kind.value if hasattr(kind, "value") else kind
        return cooperative_list(kind=kind_value, region_code=region_code, active=active)


class RegistryMutations(graphene.ObjectType):
    cooperative_provision = CooperativeProvision.Field()
