from __future__ import annotations

from datetime import date

import graphene
from django.core.exceptions import ValidationError

from sokoguru.federation.reports.services import report_request
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.reports import enums
from sokoguru.graphql.reports.types import OversightReport, report_body


class OversightReportRequestInput(graphene.InputObjectType):
    body = graphene.ID(required=True, description="FederationBody id of your oversight body")
    kind = graphene.Field(enums.OversightReportKind, required=True)
    format = graphene.Field(enums.OversightReportFormat, required=True)
    period = graphene.String(required=True, description="The month, YYYY-MM")


def _period(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise ValidationError(
            {"period": "Bulan harus berformat YYYY-MM. / The month must be YYYY-MM."},
            code="invalid",
        ) from None


class OversightReportRequest(BaseMutation):
    """Ask for a body's report of a month (officials of the body only). Returns the stored file
    when the snapshots have not changed since it was made, a small region's report at once, a
    large region's as a job to poll (``oversightReport(id)``: status, progress, downloadUrl)."""

    report = graphene.Field(OversightReport)

    class Arguments:
        input = OversightReportRequestInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        job = report_request(
            user=user,
            body=report_body(input.body),
            kind=enum_value(input.kind),
            format=enum_value(input.format),
            period=_period(input.period),
        )
        return {"report": job}
