"""Invitations of a koperasi sekunder, as its members see them (cooperative API)."""

from __future__ import annotations

import graphene

from sokoguru.graphql.core.ids import encode_id


class SekunderInvitationStatus(graphene.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class SekunderInvitationType(graphene.ObjectType):
    """An invitation to join a koperasi sekunder. The sekunder sees only the slug it typed and
    the status; the invited cooperative sees who invites it."""

    class Meta:
        name = "SekunderInvitation"

    id = graphene.ID(required=True)
    cooperative_slug = graphene.String(required=True, description="The slug the sekunder typed")
    sekunder_name = graphene.String(description="Null for the sekunder itself")
    joined_on = graphene.Date(required=True)
    status = graphene.Field(SekunderInvitationStatus, required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def from_row(row, *, for_member: bool) -> SekunderInvitationType:
        return SekunderInvitationType(
            id=encode_id("SekunderInvitation", row.pk),
            cooperative_slug=row.member_slug,
            sekunder_name=row.sekunder.name if for_member else None,
            joined_on=row.joined_on,
            status=str(row.status),
            created_at=row.created_at,
        )
