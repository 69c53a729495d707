from __future__ import annotations

import graphene
from django.urls import reverse

from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.reports.models import ReportJob
from sokoguru.graphql.core.ids import Node, decode_key, encode_id
from sokoguru.graphql.reports import enums
from sokoguru.platform.core.errors import NotFound


def report_body(global_id: str) -> OversightBody:
    """The oversight body named by a FederationBody id (reports are made for bodies only)."""
    kind, _, slug = decode_key(global_id, "FederationBody", field="body").partition(":")
    body = OversightBody.objects.select_related("region").filter(slug=slug).first()
    if kind != "body" or body is None:
        raise NotFound("Badan tidak ditemukan. / Body not found.", field="body")
    return body


class OversightReport(graphene.ObjectType):
    """A report of one body for one month, as a file to download once it is done."""

    body = graphene.ID(required=True, description="The FederationBody id")
    kind = graphene.Field(enums.OversightReportKind, required=True)
    format = graphene.Field(enums.OversightReportFormat, required=True)
    period = graphene.String(required=True, description="YYYY-MM")
    status = graphene.Field(enums.OversightReportStatus, required=True)
    progress_done = graphene.Int(required=True)
    progress_total = graphene.Int(required=True)
    error = graphene.String(required=True)
    filename = graphene.String(required=True)
    download_url = graphene.String(description="Absolute URL of the file while it is done")
    created_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, ReportJob)

    @staticmethod
    def resolve_id(root: ReportJob, info):
        return root.pk

    @staticmethod
    def resolve_body(root: ReportJob, info):
        return encode_id("FederationBody", f"body:{root.body.slug}")

    @staticmethod
    def resolve_status(root: ReportJob, info):
        return str(root.status)

    @staticmethod
    def resolve_kind(root: ReportJob, info):
        return str(root.kind)

    @staticmethod
    def resolve_format(root: ReportJob, info):
        return str(root.format)

    @staticmethod
    def resolve_period(root: ReportJob, info):
        return f"{root.period:%Y-%m}"

    @staticmethod
    def resolve_download_url(root: ReportJob, info):
        if root.status != ReportJob.Status.DONE:
            return None
        path = reverse("reports:download", args=[root.body.slug, root.pk])
        return info.context.build_absolute_uri(path)

    @classmethod
    def get_node(cls, info, id):
        from sokoguru.federation.reports.services import report_job_get

        user = info.context.user
        try:
            return report_job_get(user=user, job_id=int(id))
        except (NotFound, ValueError, TypeError):
            return None
