"""UU 27/2022: an exited member's personal data is anonymised once the by-laws' retention
period has passed; the books keep the member number and every row, so balances and statements
read the same; a member inside the period is untouched; a re-run is a no-op; each anonymisation
is audited without personal data; the retention parameter is validated."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.audit.models import AuditEvent
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.ledger.statements import trial_balance
from sokoguru.tenants.members.anonymise import members_anonymise_expired
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.tasks import members_anonymise_expired_task
from sokoguru.tenants.savings.selectors import member_savings_balances, passbook

TODAY = date(2026, 12, 2)


def _exited(register_member, *, name, nik, exited_on):
    member = register_member(
        full_name=name,
        nik=nik,
        phone="081234567890",
        address="Jl. Melati 5",
        joined_on=date(2014, 1, 5),
        pokok_on=date(2014, 1, 6),
    )
    Member.objects.filter(pk=member.pk).update(
        status=Member.Status.EXITED, exited_on=exited_on, status_changed_on=exited_on
    )
    return member


def _books(member):
    return (
        member_savings_balances(member_id=member.pk),
        [
            (line.date, line.description, line.debit, line.credit, line.balance)
            for line in passbook(
                member_id=member.pk, kind="pokok", start=date(2014, 1, 1), end=TODAY
            ).lines
        ],
        trial_balance(as_of=TODAY),
    )


def test_an_exited_member_past_retention_is_anonymised_and_the_books_stay(
    in_coop_a, register_member
):
    # given: one member who left in 2015 (past 10 years) and one who left in 2020
    old = _exited(
        register_member, name="Siti Lama", nik="3275014404850011", exited_on=date(2015, 6, 30)
    )
    recent = _exited(
        register_member, name="Budi Baru", nik="3275011204850012", exited_on=date(2020, 3, 31)
    )
    before = _books(old)
    # when
    numbers = members_anonymise_expired(as_of=TODAY)
    # then
    assert numbers == [old.number]
    old.refresh_from_db()
    assert old.number == numbers[0]
    assert (old.full_name, old.nik, old.phone, old.address, old.birth_date) == (
        f"Anggota {old.number} (dianonimkan)",
        f"X{old.pk:015d}",
        "",
        "",
        None,
    )
    assert not Member.objects.filter(nik="3275014404850011").exists()
    assert _books(old) == before
    recent.refresh_from_db()
    assert (recent.full_name, recent.nik, recent.anonymised_on) == (
        "Budi Baru",
        "3275011204850012",
        None,
    )
    event = AuditEvent.objects.get(
        schema_name=in_coop_a.schema_name, model="members.member", object_pk=str(old.pk)
    )
    assert event.after["anonymised_on"] == TODAY.isoformat()
    assert "Siti" not in str(event.before) + str(event.after)


def test_a_rerun_is_a_no_op_and_runs_as_the_celery_task(in_coop_a, register_member):
    # given
    old = _exited(
        register_member, name="Ani Lama", nik="3275014404850013", exited_on=date(2014, 12, 1)
    )
    assert members_anonymise_expired(as_of=TODAY) == [old.number]
    events = AuditEvent.objects.filter(model="members.member").count()
    # when: the periodic task runs again for the cooperative
    again = members_anonymise_expired_task.run(
        schema_name=in_coop_a.schema_name, as_of=TODAY.isoformat()
    )
    # then
    assert again == []
    assert AuditEvent.objects.filter(model="members.member").count() == events


def test_the_retention_period_is_validated(in_coop_a):
    version = BylawsVersion(effective_from=date(2027, 1, 1), personal_data_retention_years=5)
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "personal_data_retention_years" in error.value.message_dict
    assert BylawsVersion._meta.get_field("personal_data_retention_years").default == 10
