"""Personal data masked in lists and for roles that do not need it; full on one record for
the officers who register members."""

from __future__ import annotations

from django.db import connection

from sokoguru.platform.core.privacy import mask_address, mask_nik, mask_phone
from tests.fixtures.graphql import to_global_id

NIK = "3275035204850001"


def test_masking_helpers():
    assert mask_nik(NIK) == "3275************"
    assert mask_phone("081234567890") == "0812*****890"
    assert mask_address("Jl. Mawar 12 RT 02") == "Jl. ***"
    assert (mask_nik(""), mask_phone(""), mask_address(None)) == ("", "", "")


def test_lists_mask_and_one_record_is_full_only_for_officers_who_need_it(
    graphql_client, make_user, coop_a, register_member
):
    # given
    connection.set_tenant(coop_a)
    member = register_member(nik=NIK, phone="081234567890", address="Jl. Mawar 12")
    connection.set_schema_to_public()
    member_id = to_global_id("Member", member.pk, coop_a.schema_name)
    ketua = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    pengawas = graphql_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    one = "query($id: ID) { member(id: $id) { nik phone address } }"
    listed = "{ members(first: 5) { edges { node { nik phone address } } } }"
    # when / then
    assert ketua.execute(one, {"id": member_id})["member"] == {
        "nik": NIK,
        "phone": "+6281234567890",
        "address": "Jl. Mawar 12",
    }
    masked = {"nik": "3275************", "phone": "+628*******890", "address": "Jl. ***"}
    assert pengawas.execute(one, {"id": member_id})["member"] == masked
    assert ketua.execute(listed)["members"]["edges"][0]["node"] == masked
