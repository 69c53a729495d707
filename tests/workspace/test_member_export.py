"""A member's own data as a file (UU 27/2022): the pengurus downloads profile, savings
balances, passbook lines and loans as JSON from the member's page; the service refuses a role
outside the pengurus, so a kasir gets neither the link nor the file."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.savings.selectors import member_savings_balances
from sokoguru.tenants.workflows.member_export import member_data_export


def test_the_ketua_downloads_the_members_data(pages, officers, in_coop_a, register_member):
    # given
    member = register_member(
        full_name="Sri Ekspor", phone="081298765432", pokok_on=date(2026, 1, 6)
    )
    ketua = pages("ketua")
    # when
    page = ketua.get(f"/anggota/{member.pk}/")
    response = ketua.get(f"/anggota/{member.pk}/unduh-data/")
    # then
    assert f"/anggota/{member.pk}/unduh-data/" in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="data-anggota-{member.number}.json"'
    )
    data = json.loads(response.content)
    assert data["profile"]["full_name"] == "Sri Ekspor"
    assert data["profile"]["nik"] == member.nik and data["profile"]["number"] == member.number
    pokok = member_savings_balances(member_id=member.pk)["pokok"]
    assert data["savings_balances"]["pokok"] == str(pokok)
    assert [line["credit"] for line in data["passbooks"]["pokok"]] == [str(pokok)]
    assert data["loans"] == []


def test_a_kasir_gets_neither_the_link_nor_the_file(pages, officers, in_coop_a, register_member):
    member = register_member(full_name="Sri Rahasia")
    kasir = pages("kasir")
    assert "unduh-data" not in kasir.get(f"/anggota/{member.pk}/").content.decode()
    assert kasir.get(f"/anggota/{member.pk}/unduh-data/").status_code == 403
    with pytest.raises(PermissionDenied):
        member_data_export(member_id=member.pk, requested_by_id=officers["kasir"].pk)
