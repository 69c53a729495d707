from __future__ import annotations

import graphene
from django.db import connection

from sokoguru.federation.sekunder.services import sekunder_invitation_create
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.members.roles import REGISTER_ROLES
from sokoguru.graphql.members.sekunder_types import SekunderInvitationType
from sokoguru.graphql.members.types import MemberType
from sokoguru.platform.tenancy.context import public_schema


class MemberCooperativeRegisterInput(graphene.InputObjectType):
    cooperative_slug = graphene.String(required=True, description="Registry slug of the primary")
    joined_on = graphene.Date(required=True)
    phone = graphene.String()
    address = graphene.String()


class MemberCooperativeRegister(BaseMutation):
    """In a koperasi sekunder: invite a primary cooperative to join. It becomes a member (and
    appears in the member book) only when its ketua accepts (``sekunderInvitationAccept`` on
    its own host); until then the answer is the same whether or not the slug exists."""

    member = graphene.Field(MemberType, description="Always null: see ``invitation``")
    invitation = graphene.Field(SekunderInvitationType)

    class Arguments:
        input = MemberCooperativeRegisterInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, REGISTER_ROLES)
        sekunder = connection.tenant
        with public_schema():
            invitation = sekunder_invitation_create(
                sekunder=sekunder,
                member_slug=input.cooperative_slug or "",
                joined_on=input.joined_on,
                invited_by_id=user.pk,
            )
        view = SekunderInvitationType.from_row(invitation, for_member=False)
        return {"member": None, "invitation": view}
