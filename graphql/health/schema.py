from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.health.mutations.health_questionnaire_submit import (
    HealthQuestionnaireSubmit,
)
from sokoguru.graphql.health.mutations.health_recompute import HealthRecompute
from sokoguru.graphql.health.types import (
    HealthAssessmentType,
    HealthQuestionDefinition,
    HealthTrendPoint,
)
from sokoguru.tenants.health import selectors
from sokoguru.tenants.health.permissions import READ_ROLES
from sokoguru.tenants.health.schemes import scheme_get


class HealthQueries(graphene.ObjectType):
    health_assessment = graphene.Field(
        HealthAssessmentType,
        month=graphene.Date(description="Any day of the month; the newest assessment if omitted"),
    )
    health_trend = graphene.List(
        graphene.NonNull(HealthTrendPoint), required=True, months=graphene.Int(default_value=12)
    )
    health_questions = graphene.List(
        graphene.NonNull(HealthQuestionDefinition),
        required=True,
        description="The management questionnaire of the current scheme.",
    )

    @staticmethod
    def resolve_health_assessment(root, info, month=None):
        require_roles(info, READ_ROLES)
        if month is None:
            return selectors.assessment_latest()
        return selectors.assessment_get(month=month)

    @staticmethod
    def resolve_health_trend(root, info, months=12):
        require_roles(info, READ_ROLES)
        return selectors.assessment_trend(months=max(1, min(months or 12, 60)))

    @staticmethod
    def resolve_health_questions(root, info):
        require_roles(info, READ_ROLES)
        return [
            HealthQuestionDefinition(
                code=q.code, component=c.code, component_title=str(c.title), text=str(q.text)
            )
            for a in scheme_get().aspects
            for c in a.components
            for q in c.questions
        ]


class HealthMutations(graphene.ObjectType):
    health_questionnaire_submit = HealthQuestionnaireSubmit.Field()
    health_recompute = HealthRecompute.Field()
