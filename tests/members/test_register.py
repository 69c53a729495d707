from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.members.models import Member, MemberNumberCounter, MemberStatusChange
from sokoguru.tenants.members.selectors import (
    member_counts_by_status,
    member_get,
    member_list,
)
from sokoguru.tenants.members.services import (
    member_number_prefix,
    member_register,
    member_update,
    members_bulk_register,
)
from tests.fixtures.members import make_nik


def test_register_person_numbers_and_history(in_coop_a):
    # when
    first = member_register(
        full_name="  Siti   Aminah ",
        nik="3275035204850101",
        joined_on=date(2026, 1, 5),
        address="Jl. Mawar No. 3",
        rt="3",
        rw="01",
        phone="0812-3456-7890",
        created_by_id=SYSTEM,
    )
    second = member_register(
        full_name="Budi", nik=make_nik(), joined_on=date(2026, 1, 6), created_by_id=SYSTEM
    )
    # then
    assert first.number == "A-0001"
    assert second.number == "A-0002"
    assert first.full_name == "Siti Aminah"
    assert first.gender == "P"
    assert first.birth_date == date(1985, 4, 12)
    assert (first.rt, first.rw, first.phone) == ("003", "001", "+6281234567890")
    assert first.status == Member.Status.INACTIVE
    assert list(
        MemberStatusChange.objects.filter(member=first).values_list("from_status", "to_status")
    ) == [("", "inactive")]


def test_member_number_prefix_from_cooperative_slug():
    assert member_number_prefix("hj-rw01") == "RW01"
    assert member_number_prefix("kop-disbun") == "DISBUN"
    assert member_number_prefix("kopsek-opd-sumut") == "OPD"
    assert member_number_prefix("coop-b") == "B"


def test_numbers_are_never_reused(in_coop_a):
    # given a member who left: the counter is not wound back
    member = member_register(
        full_name="Ani", nik=make_nik(), joined_on=date(2026, 2, 1), created_by_id=SYSTEM
    )
    Member.objects.filter(pk=member.pk).update(status=Member.Status.EXITED)
    # when
    nxt = member_register(
        full_name="Badu", nik=make_nik(), joined_on=date(2026, 2, 2), created_by_id=SYSTEM
    )
    # then
    assert (member.number, nxt.number) == ("A-0001", "A-0002")
    assert MemberNumberCounter.objects.get().last_number == 2


def test_duplicate_nik_in_same_cooperative_is_refused(in_coop_a):
    # given
    nik = make_nik()
    member_register(full_name="Siti", nik=nik, joined_on=date(2026, 1, 5), created_by_id=SYSTEM)
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_register(
            full_name="Siti Lain", nik=nik, joined_on=date(2026, 1, 6), created_by_id=SYSTEM
        )
    # then
    assert "nik" in excinfo.value.message_dict
    assert Member.objects.count() == 1
    assert MemberNumberCounter.objects.get().last_number == 1


def test_same_nik_in_another_cooperative_is_fine(coop_a, coop_b):
    # given
    from django.db import connection

    nik = make_nik()
    connection.set_tenant(coop_a)
    member_register(full_name="Siti", nik=nik, joined_on=date(2026, 1, 5), created_by_id=SYSTEM)
    # when
    connection.set_tenant(coop_b)
    other = member_register(
        full_name="Siti", nik=nik, joined_on=date(2026, 1, 5), created_by_id=SYSTEM
    )
    # then
    assert other.number == "B-0001"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"nik": "123"}, "nik"),
        ({"nik": "3275033204850001"}, "nik"),
        ({"full_name": " "}, "full_name"),
        ({"phone": "12345"}, "phone"),
        ({"rt": "ab"}, "rt"),
        ({"nip": "1985"}, "nip"),
        ({"joined_on": date(2999, 1, 1)}, "joined_on"),
    ],
)
def test_bad_registration_names_the_field_and_writes_nothing(in_coop_a, fields, field):
    # given
    data = {"full_name": "Siti", "nik": make_nik(), "joined_on": date(2026, 1, 5), **fields}
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_register(**data, created_by_id=SYSTEM)
    # then
    assert field in excinfo.value.message_dict
    assert Member.objects.count() == 0
    assert MemberStatusChange.objects.count() == 0


def test_bulk_register_reports_every_bad_row_and_writes_nothing(in_coop_a):
    # given
    nik = make_nik()
    rows = [
        {"full_name": "Satu", "nik": nik, "joined_on": date(2026, 1, 5)},
        {"full_name": "Dua", "nik": "999", "joined_on": date(2026, 1, 5)},
        {"full_name": "Tiga", "nik": nik, "joined_on": date(2026, 1, 5)},
    ]
    # when
    with pytest.raises(ValidationError) as excinfo:
        members_bulk_register(rows=rows, created_by_id=SYSTEM)
    # then
    assert sorted(excinfo.value.message_dict) == ["row 2.nik", "row 3.nik"]
    assert Member.objects.count() == 0


def test_bulk_register_numbers_in_order(in_coop_a):
    # when
    members = members_bulk_register(
        rows=[
            {"full_name": f"Warga {i}", "nik": make_nik(), "joined_on": date(2026, 1, 5)}
            for i in range(3)
        ],
        created_by_id=SYSTEM,
    )
    # then
    assert [m.number for m in members] == ["A-0001", "A-0002", "A-0003"]
    assert MemberStatusChange.objects.count() == 3


def test_update_member_contact(in_coop_a):
    # given
    member = member_register(
        full_name="Siti", nik=make_nik(), joined_on=date(2026, 1, 5), created_by_id=SYSTEM
    )
    # when
    member_update(member_id=member.pk, phone="+62 811 222 3333", rt="7", created_by_id=SYSTEM)
    # then
    member.refresh_from_db()
    assert (member.phone, member.rt) == ("+628112223333", "007")


def test_update_refuses_nik_change(in_coop_a):
    member = member_register(
        full_name="Siti", nik=make_nik(), joined_on=date(2026, 1, 5), created_by_id=SYSTEM
    )
    with pytest.raises(ValidationError) as excinfo:
        member_update(member_id=member.pk, nik=make_nik(), created_by_id=SYSTEM)
    assert "nik" in excinfo.value.message_dict


def test_selectors_search_and_counts(in_coop_a):
    # given
    siti = member_register(
        full_name="Siti Aminah", nik=make_nik(), joined_on=date(2026, 1, 5), created_by_id=SYSTEM
    )
    member_register(
        full_name="Budi Santoso", nik=make_nik(), joined_on=date(2026, 1, 5), created_by_id=SYSTEM
    )
    # then
    assert [m.pk for m in member_list(search="amin")] == [siti.pk]
    assert [m.pk for m in member_list(search="A-0001")] == [siti.pk]
    assert [m.pk for m in member_list(search=siti.nik)] == [siti.pk]
    assert member_list(status="active").count() == 0
    assert member_counts_by_status() == {
        "active": 0,
        "flagged": 0,
        "inactive": 2,
        "exited": 0,
        "deceased": 0,
    }
    assert member_get(member_id=siti.pk) == siti


def test_member_get_unknown_names_member_id(in_coop_a):
    from sokoguru.platform.core.errors import NotFound

    with pytest.raises(NotFound) as excinfo:
        member_get(member_id=999999)
    assert excinfo.value.field == "member_id"


def test_person_cannot_join_a_secondary_cooperative(in_coop_a):
    # given the cooperative of this schema is (for this test) a secondary one
    from django.db import connection

    connection.tenant.kind = "secondary"
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_register(
            full_name="Siti", nik=make_nik(), joined_on=date(2026, 1, 5), created_by_id=SYSTEM
        )
    # then
    assert "nik" in excinfo.value.message_dict


def test_secondary_cooperative_registers_member_cooperatives(in_coop_a, coop_b):
    # given this cooperative is (for the test) a koperasi sekunder
    from django.db import connection

    from sokoguru.tenants.members.services import member_register_cooperative

    connection.tenant.kind = "secondary"
    # when
    member = member_register_cooperative(
        cooperative_id=coop_b.pk, joined_on=date(2026, 1, 2), created_by_id=SYSTEM
    )
    # then
    assert (member.kind, member.cooperative_id, member.full_name, member.nik) == (
        "cooperative",
        coop_b.pk,
        "Koperasi Pegawai Uji",
        "",
    )
    assert member.number == "A-0001"
    with pytest.raises(ValidationError) as excinfo:
        member_register_cooperative(
            cooperative_id=coop_b.pk, joined_on=date(2026, 1, 3), created_by_id=SYSTEM
        )
    assert "cooperative_id" in excinfo.value.message_dict


def test_primary_cooperative_cannot_have_member_cooperatives(in_coop_a, coop_b):
    from sokoguru.tenants.members.services import member_register_cooperative

    with pytest.raises(ValidationError) as excinfo:
        member_register_cooperative(
            cooperative_id=coop_b.pk, joined_on=date(2026, 1, 2), created_by_id=SYSTEM
        )
    assert "cooperative_id" in excinfo.value.message_dict
    assert Member.objects.count() == 0
