"""Oversight reports in the federation API: request one (mutation), follow it and download it
(``oversightReport``), list a body's reports. Every path goes through the report service, which
lets only the body's officials in."""

from __future__ import annotations

import graphene

from sokoguru.federation.reports.permissions import require_body_official
from sokoguru.federation.reports.selectors import report_job_list
from sokoguru.federation.reports.services import report_job_get
from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.federation.errors import typed_errors
from sokoguru.graphql.reports.mutations.oversight_report_request import OversightReportRequest
from sokoguru.graphql.reports.types import OversightReport, report_body


class ReportQueries(graphene.ObjectType):
    oversight_report = graphene.Field(OversightReport, id=graphene.ID(required=True))
    oversight_reports = graphene.List(
        graphene.NonNull(OversightReport),
        required=True,
        body=graphene.ID(required=True, description="A FederationBody id"),
        limit=graphene.Int(default_value=20),
        description="The body's most recent reports (officials of the body only).",
    )

    @staticmethod
    @typed_errors
    def resolve_oversight_report(root, info, id):
        user = require_login(info)
        return report_job_get(user=user, job_id=decode_id(id, "OversightReport", field="id"))

    @staticmethod
    @typed_errors
    def resolve_oversight_reports(root, info, body, limit=20):
        user = require_login(info)
        found = report_body(body)
        require_body_official(user, found)
        return list(report_job_list(body=found)[: max(1, min(limit or 20, 100))])


class ReportMutations(graphene.ObjectType):
    oversight_report_request = OversightReportRequest.Field()
