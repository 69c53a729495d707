"""Writes to a sekunder's member list."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.federation.sekunder.models import SekunderMembership
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
