"""Anonymisation of exited members after the by-laws' retention period (UU 27/2022).

Once ``personal_data_retention_years`` have passed since a member's exit, the personal data
(NIK, NIP, name, gender, birth date, address, RT/RW, phone) is replaced by anonymised values.
The member number, the member row and every ledger, savings and loan row stay as they are, so
balances and statements read the same. Each anonymisation is in the audit log (number and date,
no personal data). A member already anonymised is left alone: a re-run changes nothing."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from sokoguru.platform.audit.registry import event_write
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.members.models import Member


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def anonymised_nik(member_id: int) -> str:
    """Unique, 16 characters, and never a valid NIK (it starts with a letter)."""
    return f"X{member_id:015d}"


@transaction.atomic
def members_anonymise_expired(*, as_of: date | None = None) -> list[str]:
    """Anonymise the exited members whose retention period has ended on ``as_of`` (the
    cooperative's today); returns their member numbers."""
    require_tenant_schema()
    day = as_of or cooperative_today()
    years = bylaws_current(as_of=day).personal_data_retention_years
    cutoff = _years_before(day, years)
    due = list(
        Member.objects.select_for_update()
        .filter(
            status=Member.Status.EXITED,
            exited_on__lte=cutoff,
            anonymised_on__isnull=True,
        )
        .order_by("pk")
    )
    for member in due:
        Member.objects.filter(pk=member.pk).update(
            full_name=f"Anggota {member.number} (dianonimkan)",
            nik=anonymised_nik(member.pk) if member.kind == Member.Kind.PERSON else "",
            nip="",
            gender="",
            birth_date=None,
            address="",
            rt="",
            rw="",
            phone="",
            anonymised_on=day,
        )
        event_write(
            action="update",
            model="members.member",
            object_pk=member.pk,
            before={"number": member.number, "anonymised_on": None},
            after={
                "number": member.number,
                "anonymised_on": day.isoformat(),
                "exited_on": member.exited_on.isoformat(),
                "retention_years": years,
            },
        )
    return [member.number for member in due]
