"""Writes to a sekunder's member list."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sokoguru.federation.sekunder.models import SekunderInvitation, SekunderMembership
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_public_schema
from sokoguru.platform.tenancy.models import Cooperative


def _check_pair(*, sekunder: Cooperative, member: Cooperative) -> None:
    if sekunder.kind != Cooperative.Kind.SECONDARY:
        raise ValidationError({"sekunder": "Koperasi ini bukan koperasi sekunder."})
    if member.kind in (Cooperative.Kind.SECONDARY, Cooperative.Kind.PLATFORM):
        raise ValidationError({"member": "Anggota koperasi sekunder harus koperasi primer."})
    if member.pk == sekunder.pk:
        raise ValidationError({"member": "Koperasi tidak dapat menjadi anggota dirinya sendiri."})


@transaction.atomic
def sekunder_member_add(
    *, sekunder: Cooperative, member: Cooperative, joined_on: date
) -> SekunderMembership:
    """Record that ``member`` joined ``sekunder`` on ``joined_on``. Re-adding an active member
    returns its row unchanged; re-adding an exited or suspended one re-activates it."""
    require_public_schema()
    _check_pair(sekunder=sekunder, member=member)
    row = (
        SekunderMembership.objects.select_for_update()
        .filter(sekunder=sekunder, member=member)
        .first()
    )
    if row is not None and row.status == SekunderMembership.Status.ACTIVE:
        return row
    if row is None:
        row = SekunderMembership(sekunder=sekunder, member=member)
    row.joined_on = joined_on
    row.status = SekunderMembership.Status.ACTIVE
    row.exited_on = None
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def sekunder_member_set_status(
    *, sekunder: Cooperative, member: Cooperative, status: str, on: date
) -> SekunderMembership:
    """Suspend, re-activate or record the exit of a member cooperative."""
    require_public_schema()
    row = (
        SekunderMembership.objects.select_for_update()
        .filter(sekunder=sekunder, member=member)
        .first()
    )
    if row is None:
        raise NotFound("Koperasi ini bukan anggota koperasi sekunder tersebut.", field="member")
    if status not in SekunderMembership.Status.values:
        raise ValidationError({"status": "Status keanggotaan tidak dikenal."})
    if status == SekunderMembership.Status.EXITED and on < row.joined_on:
        raise ValidationError({"exited_on": "Tanggal keluar sebelum tanggal bergabung."})
    row.status = status
    row.exited_on = on if status == SekunderMembership.Status.EXITED else None
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def sekunder_invitation_create(
    *, sekunder: Cooperative, member_slug: str, joined_on: date, invited_by_id: int | None
) -> SekunderInvitation:
    """The sekunder invites the primary cooperative ``member_slug``. The answer is the same
    whether or not the slug names a cooperative (the sekunder learns nothing before acceptance);
    an invitation already pending is returned as it is."""
    require_public_schema()
    if sekunder.kind != Cooperative.Kind.SECONDARY:
        raise ValidationError({"cooperative_slug": "Hanya koperasi sekunder yang mengundang."})
    slug = (member_slug or "").strip().lower()[:63]
    if not slug:
        raise ValidationError({"cooperative_slug": "Isi slug koperasi. / Give the slug."})
    pending = SekunderInvitation.objects.filter(
        sekunder=sekunder, member_slug=slug, status=SekunderInvitation.Status.PENDING
    ).first()
    if pending is not None:
        return pending
    member = (
        Cooperative.objects.filter(slug=slug, is_active=True)
        .exclude(kind__in=[Cooperative.Kind.PLATFORM, Cooperative.Kind.SECONDARY])
        .exclude(pk=sekunder.pk)
        .first()
    )
    invitation = SekunderInvitation(
        sekunder=sekunder,
        member_slug=slug,
        member=member,
        joined_on=joined_on,
        invited_by_id=invited_by_id,
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def _pending_for(*, invitation_id: int, member: Cooperative) -> SekunderInvitation:
    invitation = (
        SekunderInvitation.objects.select_for_update()
        .select_related("sekunder")
        .filter(pk=invitation_id, member=member, status=SekunderInvitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        raise NotFound("Undangan tidak ditemukan. / Invitation not found.", field="invitation_id")
    return invitation


@transaction.atomic
def sekunder_invitation_accept(
    *, invitation_id: int, member: Cooperative, decided_by_id: int
) -> SekunderInvitation:
    """The member cooperative (its ketua; checked by the caller) accepts: the membership is
    recorded in the registry and the cooperative is written into the sekunder's member book."""
    from sokoguru.platform.tenancy.context import cooperative_schema
    from sokoguru.tenants.members.services import member_register_cooperative

    require_public_schema()
    invitation = _pending_for(invitation_id=invitation_id, member=member)
    sekunder_member_add(sekunder=invitation.sekunder, member=member, joined_on=invitation.joined_on)
    with cooperative_schema(invitation.sekunder):
        member_register_cooperative(
            cooperative_id=member.pk,
            joined_on=invitation.joined_on,
            created_by_id=invitation.invited_by_id,
        )
    invitation.status = SekunderInvitation.Status.ACCEPTED
    invitation.decided_by_id = decided_by_id
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_by_id", "decided_at"])
    return invitation


@transaction.atomic
def sekunder_invitation_decline(
    *, invitation_id: int, member: Cooperative, decided_by_id: int
) -> SekunderInvitation:
    require_public_schema()
    invitation = _pending_for(invitation_id=invitation_id, member=member)
    invitation.status = SekunderInvitation.Status.DECLINED
    invitation.decided_by_id = decided_by_id
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_by_id", "decided_at"])
    return invitation
