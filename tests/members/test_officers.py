from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.members.models import Officer
from sokoguru.tenants.members.selectors import officer_list
from sokoguru.tenants.members.services import officer_assign, officer_end


def test_assign_officers_and_list_serving(in_coop_a, register_member):
    # given
    siti = register_member(full_name="Siti", pokok_on=date(2026, 1, 5))
    budi = register_member(full_name="Budi", pokok_on=date(2026, 1, 5))
    # when
    ketua = officer_assign(
        member_id=siti.pk,
        role="ketua",
        term_start=date(2026, 2, 1),
        term_end=date(2029, 1, 31),
        created_by_id=SYSTEM,
    )
    officer_assign(
        member_id=budi.pk,
        role="pengawas",
        term_start=date(2026, 2, 1),
        term_end=date(2029, 1, 31),
        created_by_id=SYSTEM,
    )
    # then
    assert [(o.role, o.member_id) for o in officer_list(serving_on=date(2026, 3, 1))] == [
        ("ketua", siti.pk),
        ("pengawas", budi.pk),
    ]
    assert ketua.ended_on is None


def test_new_ketua_ends_the_serving_ketuas_term(in_coop_a, register_member):
    # given
    siti = register_member(full_name="Siti", pokok_on=date(2026, 1, 5))
    budi = register_member(full_name="Budi", pokok_on=date(2026, 1, 5))
    first = officer_assign(
        member_id=siti.pk,
        role="ketua",
        term_start=date(2026, 2, 1),
        term_end=date(2029, 1, 31),
        created_by_id=SYSTEM,
    )
    # when
    second = officer_assign(
        member_id=budi.pk,
        role="ketua",
        term_start=date(2026, 6, 1),
        term_end=date(2029, 5, 31),
        created_by_id=SYSTEM,
    )
    # then
    first.refresh_from_db()
    assert first.ended_on == date(2026, 5, 31)
    assert second.ended_on is None
    assert [o.member_id for o in officer_list(role="ketua", serving_on=date(2026, 7, 1))] == [
        budi.pk
    ]


def test_database_allows_only_one_serving_ketua(in_coop_a, register_member):
    # given
    siti = register_member(full_name="Siti", pokok_on=date(2026, 1, 5))
    budi = register_member(full_name="Budi", pokok_on=date(2026, 1, 5))
    Officer.objects.create(
        member=siti, role="ketua", term_start=date(2026, 1, 1), term_end=date(2028, 1, 1)
    )
    # when / then: bypassing the service, PostgreSQL refuses a second serving ketua
    with pytest.raises(IntegrityError), transaction.atomic():
        Officer.objects.create(
            member=budi, role="ketua", term_start=date(2026, 2, 1), term_end=date(2028, 2, 1)
        )


def test_officer_must_be_active_member(in_coop_a, register_member):
    # given a member whose pokok is not paid yet (inactive)
    member = register_member(full_name="Siti")
    # when
    with pytest.raises(ValidationError) as excinfo:
        officer_assign(
            member_id=member.pk,
            role="bendahara",
            term_start=date(2026, 2, 1),
            term_end=date(2029, 1, 31),
            created_by_id=SYSTEM,
        )
    # then
    assert "member_id" in excinfo.value.message_dict
    assert Officer.objects.count() == 0


def test_term_end_must_follow_start(in_coop_a, register_member):
    member = register_member(full_name="Siti", pokok_on=date(2026, 1, 5))
    with pytest.raises(ValidationError) as excinfo:
        officer_assign(
            member_id=member.pk,
            role="sekretaris",
            term_start=date(2026, 2, 1),
            term_end=date(2026, 2, 1),
            created_by_id=SYSTEM,
        )
    assert "term_end" in excinfo.value.message_dict


def test_end_term_twice_conflicts(in_coop_a, register_member):
    member = register_member(full_name="Siti", pokok_on=date(2026, 1, 5))
    officer = officer_assign(
        member_id=member.pk,
        role="bendahara",
        term_start=date(2026, 2, 1),
        term_end=date(2029, 1, 1),
        created_by_id=SYSTEM,
    )
    officer_end(officer_id=officer.pk, ended_on=date(2026, 8, 1), created_by_id=SYSTEM)
    with pytest.raises(Conflict):
        officer_end(officer_id=officer.pk, ended_on=date(2026, 9, 1), created_by_id=SYSTEM)
