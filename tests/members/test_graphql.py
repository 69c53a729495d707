from datetime import date

import pytest
from django.db import connection

from sokoguru.tenants.members.models import Member, Officer
from tests.fixtures.graphql import to_global_id
from tests.fixtures.members import make_nik

REGISTER = """
mutation($input: MemberRegisterInput!) {
  memberRegister(input: $input) {
    errors { field code message }
    member { id number fullName status gender birthDate phone rt rw pokokPaidOn }
  }
}
"""

MEMBERS = """
query($first: Int, $search: String, $status: MemberStatus) {
  members(first: $first, search: $search, status: $status) {
    totalCount
    edges { node {
      number fullName status wajibArrearsMonths
      balances { pokok wajib sukarela total loansOutstanding }
    } }
  }
}
"""


def seed_members(coop, register_member, count):
    connection.set_tenant(coop)
    members = [
        register_member(full_name=f"Warga {i:03d}", pokok_on=date(2026, 1, 5)) for i in range(count)
    ]
    connection.set_schema_to_public()
    return members


def test_kasir_registers_a_member(graphql_client, make_user, coop_a):
    # given
    kasir = make_user(roles={coop_a: "kasir"})
    # when
    data = graphql_client(kasir, coop_a).execute(
        REGISTER,
        {
            "input": {
                "fullName": "Siti Aminah",
                "nik": "3275035204850001",
                "joinedOn": "2026-01-05",
                "phone": "0812 3456 7890",
                "rt": "2",
                "rw": "1",
            }
        },
    )
    # then
    payload = data["memberRegister"]
    assert payload["errors"] == []
    assert payload["member"] == {
        "id": payload["member"]["id"],
        "number": "A-0001",
        "fullName": "Siti Aminah",
        "status": "INACTIVE",
        "gender": "P",
        "birthDate": "1985-04-12",
        "phone": "+6281234567890",
        "rt": "002",
        "rw": "001",
        "pokokPaidOn": None,
    }


def test_register_errors_name_the_field(graphql_client, make_user, coop_a):
    kasir = make_user(roles={coop_a: "kasir"})
    data = graphql_client(kasir, coop_a).execute(
        REGISTER,
        {"input": {"fullName": "Siti", "nik": "3275033204850001", "joinedOn": "2026-01-05"}},
    )
    assert data["memberRegister"]["member"] is None
    assert [(e["field"], e["code"]) for e in data["memberRegister"]["errors"]] == [
        ("nik", "nik_birth_date")
    ]
    connection.set_tenant(coop_a)
    assert Member.objects.count() == 0


def test_pengawas_cannot_register(graphql_client, make_user, coop_a):
    pengawas = make_user(roles={coop_a: "pengawas"})
    data = graphql_client(pengawas, coop_a).execute(
        REGISTER,
        {"input": {"fullName": "Siti", "nik": make_nik(), "joinedOn": "2026-01-05"}},
    )
    assert [e["code"] for e in data["memberRegister"]["errors"]] == ["permission_denied"]
    connection.set_tenant(coop_a)
    assert Member.objects.count() == 0


def test_pengawas_reads_members_with_balances(graphql_client, make_user, coop_a, register_member):
    # given
    seed_members(coop_a, register_member, 3)
    pengawas = make_user(roles={coop_a: "pengawas"})
    # when
    data = graphql_client(pengawas, coop_a).execute(MEMBERS, {"first": 2})
    # then
    assert data["members"]["totalCount"] == 3
    assert [edge["node"] for edge in data["members"]["edges"]] == [
        {
            "number": f"A-000{i}",
            "fullName": f"Warga 00{i - 1}",
            "status": "ACTIVE",
            "wajibArrearsMonths": 1,  # January billed at joining, not paid
            "balances": {
                "pokok": "100000.00",
                "wajib": "0.00",
                "sukarela": "0.00",
                "total": "100000.00",
                "loansOutstanding": "0.00",
            },
        }
        for i in (1, 2)
    ]


def test_members_search_and_status_filter(graphql_client, make_user, coop_a, register_member):
    seed_members(coop_a, register_member, 3)
    connection.set_tenant(coop_a)
    register_member(full_name="Budi Santoso")
    connection.set_schema_to_public()
    client = graphql_client(make_user(roles={coop_a: "bendahara"}), coop_a)
    found = client.execute(MEMBERS, {"search": "budi"})["members"]
    assert [e["node"]["fullName"] for e in found["edges"]] == ["Budi Santoso"]
    inactive = client.execute(MEMBERS, {"status": "INACTIVE"})["members"]
    assert inactive["totalCount"] == 1


def test_user_without_role_gets_nothing(graphql_client, make_user, coop_a, coop_b):
    # given a bendahara of another cooperative
    stranger = make_user(roles={coop_b: "bendahara"})
    client = graphql_client(stranger, coop_a)
    # when
    response = client.client.post(
        "/graphql/",
        data={"query": MEMBERS, "variables": {"first": 5}},
        content_type="application/json",
        HTTP_HOST=client.host,
    )
    # then: the host refuses before GraphQL runs
    assert response.status_code == 403


def test_anggota_role_cannot_list_members(graphql_client, make_user, coop_a):
    anggota = make_user(roles={coop_a: "anggota"})
    body = graphql_client(anggota, coop_a).post(MEMBERS, {"first": 5})
    assert body["data"]["members"] is None
    assert "Peran Anda" in body["errors"][0]["message"]


@pytest.mark.parametrize("page_size", [1, 5, 25])
def test_member_list_costs_the_same_number_of_queries(
    graphql_client, make_user, coop_a, register_member, django_assert_num_queries, page_size
):
    # given 25 members with savings
    seed_members(coop_a, register_member, 25)
    client = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    # when / then: host → cooperative (3), session, user, roles, count, page, balances, arrears —
    # whatever the page size
    with django_assert_num_queries(10):
        data = client.execute(MEMBERS, {"first": page_size})
    assert len(data["members"]["edges"]) == page_size


MEMBERS_ALL_FIELDS = """
query($first: Int) {
  members(first: $first) {
    totalCount
    edges { node {
      number fullName status kind nik nip phone joinedOn exitedOn pokokPaidOn wajibArrearsMonths
      balances { pokok wajib sukarela total loansOutstanding }
      statusHistory { fromStatus toStatus changedOn reason }
      officerTerms { role termStart termEnd }
      exitSettlement { refund reason }
    } }
  }
}
"""


@pytest.mark.parametrize("page_size", [1, 5, 25])
def test_member_list_with_every_list_field_costs_the_same_number_of_queries(
    graphql_client, make_user, coop_a, register_member, django_assert_num_queries, page_size
):
    # given 25 members with savings
    seed_members(coop_a, register_member, 25)
    client = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    # when / then: the 10 of the plain list + status history, officer terms and exit
    # settlements of the page, one query each
    with django_assert_num_queries(13):
        data = client.execute(MEMBERS_ALL_FIELDS, {"first": page_size})
    edges = data["members"]["edges"]
    assert len(edges) == page_size
    assert edges[0]["node"]["statusHistory"][-1]["toStatus"] == "ACTIVE"


def test_member_detail_by_number(graphql_client, make_user, coop_a, register_member):
    members = seed_members(coop_a, register_member, 1)
    client = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    data = client.execute(
        """query($number: String) { member(number: $number) {
             fullName statusHistory { fromStatus toStatus changedOn reason }
             balances { total } } }""",
        {"number": "a-0001"},
    )
    assert data["member"] == {
        "fullName": members[0].full_name,
        "statusHistory": [
            {
                "fromStatus": None,
                "toStatus": "INACTIVE",
                "changedOn": "2026-01-05",
                "reason": "Pendaftaran anggota; aktif setelah simpanan pokok dibayar.",
            },
            {
                "fromStatus": "inactive",
                "toStatus": "ACTIVE",
                "changedOn": "2026-01-05",
                "reason": "Simpanan pokok dibayar.",
            },
        ],
        "balances": {"total": "100000.00"},
    }


def test_ketua_assigns_officer(graphql_client, make_user, coop_a, register_member):
    members = seed_members(coop_a, register_member, 1)
    client = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    data = client.execute(
        """mutation($input: OfficerAssignInput!) { officerAssign(input: $input) {
             errors { field message } officer { role termStart member { number } } } }""",
        {
            "input": {
                "memberId": to_global_id("Member", members[0].pk, coop_a.schema_name),
                "role": "BENDAHARA",
                "termStart": "2026-02-01",
                "termEnd": "2029-01-31",
            }
        },
    )
    assert data["officerAssign"] == {
        "errors": [],
        "officer": {"role": "BENDAHARA", "termStart": "2026-02-01", "member": {"number": "A-0001"}},
    }
    connection.set_tenant(coop_a)
    assert Officer.objects.count() == 1


def test_counts_by_status(graphql_client, make_user, coop_a, register_member):
    seed_members(coop_a, register_member, 2)
    client = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    data = client.execute("{ memberCounts { active flagged inactive exited deceased total } }")
    assert data["memberCounts"] == {
        "active": 2,
        "flagged": 0,
        "inactive": 0,
        "exited": 0,
        "deceased": 0,
        "total": 2,
    }


def test_bylaws_query(graphql_client, make_user, coop_b):
    client = graphql_client(make_user(roles={coop_b: "pengawas"}), coop_b)
    data = client.execute(
        '{ bylaws(asOf: "2026-11-01") { pokokAmount wajibMonthlyAmount wajibFlagAfterMonths '
        "wajibInactiveAfterMonths shuAllocation { cadangan jasaModal } } }"
    )
    assert data["bylaws"] == {
        "pokokAmount": "250000.00",
        "wajibMonthlyAmount": "100000.00",
        "wajibFlagAfterMonths": 3,
        "wajibInactiveAfterMonths": 6,
        "shuAllocation": {"cadangan": "25.00", "jasaModal": "20.00"},
    }
