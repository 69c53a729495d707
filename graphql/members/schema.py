from __future__ import annotations

import graphene
from django.db import connection

from sokoguru.federation.sekunder.selectors import sekunder_invitations_pending
from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import enum_value
from sokoguru.graphql.members.dataloaders import attach_page_relations
from sokoguru.graphql.members.mutations.member_cooperative_register import (
    MemberCooperativeRegister,
)
from sokoguru.graphql.members.mutations.member_exit import MemberExit
from sokoguru.graphql.members.mutations.member_register import MemberRegister
from sokoguru.graphql.members.mutations.officer_assign import OfficerAssign
from sokoguru.graphql.members.mutations.sekunder_invitation_decide import (
    DECIDE_ROLES,
    SekunderInvitationAccept,
    SekunderInvitationDecline,
)
from sokoguru.graphql.members.roles import READ_ROLES
from sokoguru.graphql.members.sekunder_types import SekunderInvitationType
from sokoguru.graphql.members.types import (
    MemberCounts,
    MemberKind,
    MemberStatus,
    MemberType,
    OfficerRole,
    OfficerType,
    member_pk,
)
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.tenancy.context import public_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.members.selectors import (
    member_counts_by_status,
    member_get,
    member_get_by_number,
    member_list,
    officer_list,
)
from sokoguru.tenants.savings.selectors import (
    savings_balances_for_members,
    wajib_arrears_by_member,
)


class MemberConnectionField(ConnectionField):
    """Members, paginated; the page's savings balances and wajib arrears are loaded in one query
    each, so a page costs the same number of queries whatever its size."""

    @classmethod
    def resolve_connection(cls, connection, args, iterable, max_limit=None):
        result = super().resolve_connection(connection, args, iterable, max_limit=max_limit)
        members = [edge.node for edge in result.edges]
        if members:
            ids = [m.pk for m in members]
            balances = savings_balances_for_members(member_ids=ids)
            arrears = wajib_arrears_by_member(as_of=cooperative_today(), member_ids=ids)
            for member in members:
                member._page_balances = balances[member.pk]
                member._page_arrears = arrears.get(member.pk, 0)
        return result

    @classmethod
    def connection_resolver(cls, *positional, **args):
        result = super().connection_resolver(*positional, **args)
        info = positional[-1]
        edges = getattr(result, "edges", None)
        if edges is not None:
            attach_page_relations([edge.node for edge in edges], info)
        return result


class MemberQueries(graphene.ObjectType):
    members = MemberConnectionField(
        MemberType,
        status=MemberStatus(),
        kind=MemberKind(),
        search=graphene.String(description="Name, member number, NIK or NIP."),
    )
    member = graphene.Field(
        MemberType,
        id=graphene.ID(description="Member ID"),
        number=graphene.String(description="Member number, e.g. RW01-0001"),
    )
    member_counts = graphene.Field(MemberCounts, required=True)
    officers = graphene.List(
        graphene.NonNull(OfficerType),
        required=True,
        serving_on=graphene.Date(description="Only officers serving on this day."),
        role=OfficerRole(),
    )

    @staticmethod
    def resolve_members(root, info, status=None, kind=None, search=None, **kwargs):
        require_roles(info, READ_ROLES)
        return member_list(status=enum_value(status), kind=enum_value(kind), search=search)

    @staticmethod
    def resolve_member(root, info, id=None, number=None):
        require_roles(info, READ_ROLES)
        if id:
            return member_get(member_id=member_pk(id, field="id"))
        if number:
            return member_get_by_number(number=number)
        raise NotFound("Sebutkan id atau nomor anggota. / Give id or number.", field="id")

    @staticmethod
    def resolve_member_counts(root, info):
        require_roles(info, READ_ROLES)
        counts = member_counts_by_status()
        return MemberCounts(**counts, total=sum(counts.values()))

    sekunder_invitations = graphene.List(
        graphene.NonNull(SekunderInvitationType),
        required=True,
        description="Pending invitations of secondary cooperatives to this one (ketua).",
    )

    @staticmethod
    def resolve_sekunder_invitations(root, info):
        require_roles(info, DECIDE_ROLES)
        member = connection.tenant
        with public_schema():
            rows = sekunder_invitations_pending(member_id=member.pk)
        # ids are issued for this host (outside the public-schema block)
        return [SekunderInvitationType.from_row(r, for_member=True) for r in rows]

    @staticmethod
    def resolve_officers(root, info, serving_on=None, role=None):
        require_roles(info, READ_ROLES)
        return officer_list(serving_on=serving_on, role=enum_value(role))


class MemberMutations(graphene.ObjectType):
    member_register = MemberRegister.Field()
    member_cooperative_register = MemberCooperativeRegister.Field()
    sekunder_invitation_accept = SekunderInvitationAccept.Field()
    sekunder_invitation_decline = SekunderInvitationDecline.Field()
    member_exit = MemberExit.Field()
    officer_assign = OfficerAssign.Field()
