"""Tenant isolation on the request path, in tasks and in the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from sokoguru.platform.core.errors import WrongSchema
from sokoguru.platform.core.tasks import schema_probe
from sokoguru.platform.tenancy.services import cooperative_deactivate
from sokoguru.tenants.profile.models import CooperativeProfile
from sokoguru.tenants.profile.services import profile_update
from tests.fixtures.graphql import host_of, login

ME = "{ me { email } cooperative { slug } }"


def _post_graphql(client: Client, host: str):
    response = client.post(
        "/graphql/", data={"query": ME}, content_type="application/json", HTTP_HOST=host
    )
    connection.set_schema_to_public()
    return response


def test_user_without_role_in_cooperative_is_refused(make_user, coop_a, coop_b):
    # given: a bendahara of A, logged in on B's host
    user = make_user(roles={coop_a: "bendahara"})
    client = Client()
    login(client, user, coop_b)
    # when
    response = _post_graphql(client, host_of(coop_b))
    admin = client.get("/admin/", HTTP_HOST=host_of(coop_b))
    # then
    assert response.status_code == 403
    assert admin.status_code == 403


def test_user_with_role_is_served_on_own_host(make_user, coop_a):
    user = make_user(roles={coop_a: "kasir"})
    client = Client()
    login(client, user, coop_a)
    response = _post_graphql(client, host_of(coop_a))
    assert response.status_code == 200
    assert response.json()["data"] == {
        "me": {"email": user.email},
        "cooperative": {"slug": "coop-a"},
    }


def test_unknown_host_is_404(db):
    response = Client().post(
        "/graphql/",
        data={"query": ME},
        content_type="application/json",
        HTTP_HOST="tidak-ada.localhost",
    )
    assert response.status_code == 404


def test_deactivated_cooperative_host_is_404(make_user, coop_a):
    # given
    user = make_user(roles={coop_a: "ketua"})
    client = Client()
    login(client, user, coop_a)
    cooperative_deactivate(slug="coop-a")
    # when
    response = _post_graphql(client, host_of(coop_a))
    # then
    assert response.status_code == 404


def test_session_cookie_replayed_on_another_host_does_not_authenticate(make_user, coop_a, coop_b):
    # given: a user holding roles in both cooperatives logs in on A only
    user = make_user(roles={coop_a: "ketua", coop_b: "ketua"})
    client_a = Client()
    login(client_a, user, coop_a)
    stolen = client_a.cookies["sessionid"].value
    # when: the same cookie is sent to B's host
    client_b = Client()
    client_b.cookies["sessionid"] = stolen
    response = _post_graphql(client_b, host_of(coop_b))
    # then: B refuses the request
    assert response.status_code == 403
    # and the session is not destroyed: the user is still logged in on A
    again = _post_graphql(client_a, host_of(coop_a))
    assert again.json()["data"]["me"] == {"email": user.email}


def test_session_from_platform_host_does_not_authenticate_on_cooperative(make_user, coop_a):
    user = make_user(roles={coop_a: "ketua"}, is_staff=True)
    client = Client()
    login(client, user, None)
    response = _post_graphql(client, host_of(coop_a))
    assert response.status_code == 403


def test_tenant_task_without_schema_is_refused(db):
    with pytest.raises(WrongSchema):
        schema_probe.apply(kwargs={"schema_name": "public"}, throw=True)
    with pytest.raises(WrongSchema):
        schema_probe.apply(kwargs={}, throw=True)


def test_tenant_task_runs_in_its_schema_and_restores_public(coop_b):
    result = schema_probe.apply(kwargs={"schema_name": coop_b.schema_name}, throw=True)
    assert result.get() == coop_b.schema_name
    assert connection.schema_name == "public"


def test_cache_keys_are_prefixed_per_tenant(coop_a, coop_b):
    # given
    connection.set_tenant(coop_a)
    key_a = cache.make_key("dashboard")
    cache.set("dashboard", "A")
    connection.set_tenant(coop_b)
    key_b = cache.make_key("dashboard")
    # then
    assert key_a != key_b
    assert coop_a.schema_name in key_a and coop_b.schema_name in key_b
    assert cache.get("dashboard") is None
    connection.set_tenant(coop_a)
    assert cache.get("dashboard") == "A"
    cache.delete("dashboard")


def test_admin_on_host_a_lists_none_of_b_rows(make_user, coop_a, coop_b):
    # given: both cooperatives have a profile with their own address
    connection.set_tenant(coop_a)
    profile_update(address="Jl. Anggrek No. 1, Harapan Jaya")
    connection.set_tenant(coop_b)
    profile_update(address="Jl. Gatot Subroto No. 99, Medan")
    connection.set_schema_to_public()
    user = make_user(roles={coop_a: "ketua"})
    client = Client()
    login(client, user, coop_a)
    # when
    page = client.get("/admin/profile/cooperativeprofile/", HTTP_HOST=host_of(coop_a))
    connection.set_schema_to_public()
    # then
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jl. Anggrek No. 1" in html
    assert "Gatot Subroto" not in html
    # and the shared (public) models are not on a cooperative's admin at all
    index = client.get("/admin/", HTTP_HOST=host_of(coop_a)).content.decode()
    connection.set_schema_to_public()
    assert "/admin/tenancy/" not in index and "/admin/accounts/" not in index


def test_cooperative_admin_login_form_accepts_officer_and_refuses_member(make_user, coop_a):
    officer = make_user(roles={coop_a: "bendahara"})
    member = make_user(roles={coop_a: "anggota"})
    ok = Client().post(
        "/admin/login/",
        {"username": officer.email, "password": "rahasia-uji-123", "next": "/admin/"},
        HTTP_HOST=host_of(coop_a),
    )
    refused = Client().post(
        "/admin/login/",
        {"username": member.email, "password": "rahasia-uji-123", "next": "/admin/"},
        HTTP_HOST=host_of(coop_a),
    )
    connection.set_schema_to_public()
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert refused.status_code == 200
    assert "bukan pengurus" in refused.content.decode()


def test_platform_admin_is_for_platform_staff_only(make_user, coop_a):
    officer = make_user(roles={coop_a: "ketua"})
    staff = make_user(is_staff=True)
    client = Client()
    login(client, officer, None)
    assert client.get("/admin/", HTTP_HOST=host_of(None)).status_code == 302
    client = Client()
    login(client, staff, None)
    assert client.get("/admin/tenancy/cooperative/", HTTP_HOST=host_of(None)).status_code == 200


def test_tenant_rows_stay_in_their_schema(coop_a, coop_b):
    connection.set_tenant(coop_a)
    profile_update(phone="+6281100000001")
    connection.set_tenant(coop_b)
    assert CooperativeProfile.objects.get().phone == ""
