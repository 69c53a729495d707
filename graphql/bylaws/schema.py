from __future__ import annotations

import graphene

from sokoguru.graphql.bylaws.types import BylawsType
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.members.roles import READ_ROLES
from sokoguru.tenants.bylaws.selectors import bylaws_current, bylaws_list


class BylawsQueries(graphene.ObjectType):
    bylaws = graphene.Field(
        BylawsType,
        required=True,
        as_of=graphene.Date(description="Default: today"),
        description="The anggaran dasar parameters in force.",
    )
    bylaws_history = graphene.List(graphene.NonNull(BylawsType), required=True)

    @staticmethod
    def resolve_bylaws(root, info, as_of=None):
        require_roles(info, READ_ROLES)
        return bylaws_current(as_of=as_of)

    @staticmethod
    def resolve_bylaws_history(root, info):
        require_roles(info, READ_ROLES)
        return bylaws_list()
