from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.health.types import HealthAssessmentType
from sokoguru.tenants.health import selectors, services


class HealthAnswerInput(graphene.InputObjectType):
    code = graphene.String(required=True, description="Question code, e.g. umum_1")
    answer = graphene.Boolean(required=True)


class HealthQuestionnaireSubmitInput(graphene.InputObjectType):
    month = graphene.Date(required=True, description="Any day of the month assessed")
    answers = graphene.List(graphene.NonNull(HealthAnswerInput), required=True)


class HealthQuestionnaireSubmit(BaseMutation):
    """The pengawas answers the management questions (every one, yes or no); the month's
    assessment is recomputed with them."""

    assessment = graphene.Field(HealthAssessmentType)

    class Arguments:
        input = HealthQuestionnaireSubmitInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        record = services.questionnaire_submit(
            month=input.month,
            answers={a.code: a.answer for a in input.answers},
            actor=user.pk,
        )
        return {"assessment": selectors.assessment_get(month=record.month)}
