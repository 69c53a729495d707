from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.health.types import HealthAssessmentType
from sokoguru.tenants.health import services


class HealthRecomputeInput(graphene.InputObjectType):
    month = graphene.Date(required=True, description="Any day of the month assessed")


class HealthRecompute(BaseMutation):
    """Recompute the month's assessment from the books now (ketua, bendahara, pengawas)."""

    assessment = graphene.Field(HealthAssessmentType)

    class Arguments:
        input = HealthRecomputeInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        return {"assessment": services.health_compute(month=input.month, actor=user.pk)}
