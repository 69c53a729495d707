"""The invited cooperative's ketua accepts or declines a sekunder's invitation (on the invited
cooperative's own host)."""

from __future__ import annotations

import graphene
from django.db import connection

from sokoguru.federation.sekunder.services import (
    sekunder_invitation_accept,
    sekunder_invitation_decline,
)
from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.members.sekunder_types import SekunderInvitationType
from sokoguru.platform.tenancy.context import public_schema

DECIDE_ROLES = frozenset({"ketua"})


class _Decide(BaseMutation):
    invitation = graphene.Field(SekunderInvitationType)

    class Meta:
        abstract = True

    class Arguments:
        invitation_id = graphene.ID(required=True)

    service = None

    @classmethod
    def perform(cls, root, info, invitation_id):
        user = require_roles(info, DECIDE_ROLES)
        pk = decode_id(invitation_id, "SekunderInvitation", field="invitation_id")
        member = connection.tenant
        with public_schema():
            row = cls.service(invitation_id=pk, member=member, decided_by_id=user.pk)
        return {"invitation": SekunderInvitationType.from_row(row, for_member=True)}


class SekunderInvitationAccept(_Decide):
    """Accept: this cooperative joins the sekunder and appears in its member book."""

    service = staticmethod(sekunder_invitation_accept)


class SekunderInvitationDecline(_Decide):
    """Decline: nothing about this cooperative reaches the sekunder."""

    service = staticmethod(sekunder_invitation_decline)
