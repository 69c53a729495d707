from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_platform_staff
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.tenancy.types import CooperativeKind, CooperativeType
from sokoguru.platform.tenancy.services import cooperative_provision


class CooperativeProvisionInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True, description="Host label: <slug>.<platform domain>")
    kind = graphene.Field(CooperativeKind, required=True)
    domicile_code = graphene.String(required=True, description="Kemendagri kelurahan/desa code")
    legal_number = graphene.String(description="Nomor induk koperasi (16 digits)")
    time_zone = graphene.String()


class CooperativeProvision(BaseMutation):
    """Register a cooperative and create its books (platform staff only)."""

    cooperative = graphene.Field(CooperativeType)

    class Arguments:
        input = CooperativeProvisionInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        require_platform_staff(info)
        kind = input.kind.value if hasattr(input.kind, "value") else input.kind
        cooperative = cooperative_provision(
            name=input.name,
            slug=input.slug,
            kind=kind,
            domicile_code=input.domicile_code,
            legal_number=input.legal_number or "",
            time_zone=input.time_zone or "Asia/Jakarta",
        )
        return {"cooperative": cooperative}
