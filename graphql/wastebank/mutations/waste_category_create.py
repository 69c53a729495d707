from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.wastebank.types import WasteCategoryType
from sokoguru.tenants.wastebank.services import category_create


class WasteCategoryCreate(BaseMutation):
    """A new waste category (ketua, bendahara)."""

    category = graphene.Field(WasteCategoryType)

    class Arguments:
        code = graphene.String(required=True)
        name = graphene.String(required=True)

    @classmethod
    def perform(cls, root, info, code, name):
        user = require_login(info)
        return {"category": category_create(code=code, name=name, created_by_id=user.pk)}
