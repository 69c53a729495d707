from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.wastebank.types import CollectorType
from sokoguru.tenants.wastebank.services import collector_create


class WasteCollectorCreate(BaseMutation):
    """A collector (pengepul) the waste bank sells to."""

    collector = graphene.Field(CollectorType)

    class Arguments:
        name = graphene.String(required=True)
        contact = graphene.String()

    @classmethod
    def perform(cls, root, info, name, contact=""):
        user = require_login(info)
        collector = collector_create(name=name, contact=contact or "", created_by_id=user.pk)
        return {"collector": collector}
