from __future__ import annotations

import graphene

from sokoguru.federation.consent.models import ConsentLevel as ConsentLevelModel
from sokoguru.federation.consent.services import consent_set
from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.snapshots.tasks import snapshot_refresh_one
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.federation.enums import ConsentLevel
from sokoguru.graphql.federation.resolvers import decode
from sokoguru.graphql.federation.types import DataSharingConsent
from sokoguru.platform.celery import enqueue_on_commit
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.selectors import cooperative_get


class DataSharingConsentSetInput(graphene.InputObjectType):
    cooperative = graphene.String(required=True, description="Your cooperative's slug")
    body = graphene.ID(required=True, description="FederationBody id of the receiving body")
    level = graphene.Field(ConsentLevel, required=True)
    reason = graphene.String()


class DataSharingConsentSet(BaseMutation):
    """Opt in to (or revoke) sharing member-level data with a body. Ketua only; every change is
    logged. Aggregate figures are always shared with the bodies overseeing the cooperative."""

    consent = graphene.Field(DataSharingConsent)

    class Arguments:
        input = DataSharingConsentSetInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_login(info)
        cooperative = cooperative_get(slug=input.cooperative)
        if cooperative is None:
            raise NotFound("Koperasi tidak ditemukan.", field="cooperative")
        key = decode(input.body, "FederationBody", field="body")
        kind, _, slug = key.partition(":")
        body = sekunder = None
        if kind == "body":
            body = OversightBody.objects.filter(slug=slug).first()
        elif kind == "sekunder":
            sekunder = Cooperative.objects.filter(
                slug=slug, kind=Cooperative.Kind.SECONDARY
            ).first()
        if body is None and sekunder is None:
            raise NotFound("Badan tidak ditemukan.", field="body")
        level = enum_value(input.level)
        consent = consent_set(
            cooperative=cooperative,
            level=level,
            user=user,
            body=body,
            sekunder=sekunder,
            reason=input.reason or "",
        )
        if level == ConsentLevelModel.MEMBER_LEVEL:
            # The member roster is copied on the cooperative's next snapshot; do it now.
            enqueue_on_commit(snapshot_refresh_one, cooperative_id=cooperative.pk)
        return {
            "consent": DataSharingConsent(
                body_id=input.body,
                body_name=body.name if body else sekunder.name,
                body_kind=body.kind if body else "sekunder",
                level=str(consent.level),
                updated_at=consent.updated_at,
            )
        }
