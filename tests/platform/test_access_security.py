"""Regression tests: CSRF on both GraphQL APIs, bearer-token login for API clients, login
throttling, and a cookie replayed on the wrong host."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from sokoguru.platform.accounts.models import ApiToken, LoginFailure
from sokoguru.platform.accounts.signals import SESSION_SCHEMA_KEY
from tests.fixtures.graphql import PASSWORD, host_of, login

CONSENT = (
    'mutation { dataSharingConsentSet(cooperative: "coop-a", body: "x", level: AGGREGATE) '
    "{ errors { code } } }"
)
ME = "{ me { email } }"


def _post(client, host, body, content_type, **extra):
    response = client.post(
        "/graphql/", data=body, content_type=content_type, HTTP_HOST=host, **extra
    )
    connection.set_schema_to_public()
    return response


# --- 2. CSRF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("on_cooperative", [False, True], ids=["platform", "cooperative"])
@pytest.mark.parametrize(
    "content_type,body",
    [
        ("application/x-www-form-urlencoded", "query=" + ME),
        (
            "multipart/form-data; boundary=X",
            f'--X\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ME}\r\n--X--\r\n',
        ),
        ("text/plain", json.dumps({"query": ME})),
    ],
    ids=["form", "multipart", "text"],
)
def test_form_posts_without_csrf_token_are_refused(
    make_user, coop_a, on_cooperative, content_type, body
):
    # given: a logged-in browser (cookie) and a page on another site posting a simple form
    cooperative = coop_a if on_cooperative else None
    user = make_user(roles={coop_a: "ketua"})
    client = Client(enforce_csrf_checks=True)
    login(client, user, cooperative)
    # when
    response = _post(
        client, host_of(cooperative), body, content_type, HTTP_ORIGIN="http://evil.localhost"
    )
    same_origin = _post(client, host_of(cooperative), body, content_type)
    # then
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "csrf_failed"
    assert same_origin.status_code == 403  # no token: refused even from the same origin


def test_json_from_a_foreign_origin_is_refused_same_origin_works(make_user, coop_a):
    user = make_user(roles={coop_a: "ketua"})
    client = Client(enforce_csrf_checks=True)
    login(client, user, coop_a)
    host = host_of(coop_a)
    body = json.dumps({"query": ME})
    foreign = _post(client, host, body, "application/json", HTTP_ORIGIN="http://coop-b.localhost")
    own = _post(client, host, body, "application/json", HTTP_ORIGIN=f"http://{host}")
    assert foreign.status_code == 403
    assert own.status_code == 200
    assert own.json() == {"data": {"me": {"email": user.email}}}


def test_form_post_with_the_csrf_token_works(make_user, coop_a):
    user = make_user(roles={coop_a: "ketua"})
    client = Client(enforce_csrf_checks=True)
    host = host_of(coop_a)
    client.get("/admin/login/", HTTP_HOST=host)  # a page with a form sets the CSRF cookie
    connection.set_schema_to_public()
    login(client, user, coop_a)
    token = client.cookies["csrftoken"].value
    response = _post(
        client, host, "query=" + ME, "application/x-www-form-urlencoded", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["me"]["email"] == user.email


# --- 2. token login for API clients -----------------------------------------------------------


def _token(client, host, email, password=PASSWORD):
    response = client.post(
        "/api/token/",
        data=json.dumps({"email": email, "password": password}),
        content_type="application/json",
        HTTP_HOST=host,
    )
    connection.set_schema_to_public()
    return response


def test_api_client_logs_in_with_a_bearer_token_bound_to_the_host(make_user, coop_a, coop_b):
    # given
    user = make_user(roles={coop_a: "ketua", coop_b: "ketua"})
    client = Client(enforce_csrf_checks=True)
    created = _token(client, host_of(coop_a), user.email)
    assert created.status_code == 201
    raw = created.json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = json.dumps({"query": ME})
    # when: used on its host, on another cooperative's host, then revoked
    mine = _post(Client(), host_of(coop_a), body, "application/json", **auth)
    other = _post(Client(), host_of(coop_b), body, "application/json", **auth)
    revoke = Client().delete("/api/token/", HTTP_HOST=host_of(coop_a), **auth)
    connection.set_schema_to_public()
    after = _post(Client(), host_of(coop_a), body, "application/json", **auth)
    # then
    assert mine.json() == {"data": {"me": {"email": user.email}}}
    assert other.status_code == 401
    assert revoke.json() == {"revoked": True}
    assert after.status_code == 401
    stored = ApiToken.objects.get(user=user)
    assert stored.schema_name == coop_a.schema_name
    assert raw not in stored.key_hash and len(stored.key_hash) == 64


def test_token_refused_for_wrong_password_and_for_host_without_role(make_user, coop_a, coop_b):
    user = make_user(roles={coop_a: "anggota"})
    assert _token(Client(), host_of(coop_a), user.email, "salah-salah").status_code == 401
    assert _token(Client(), host_of(coop_b), user.email).status_code == 403
    assert not ApiToken.objects.filter(user=user).exists()


# --- 4. login throttling ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,on_cooperative",
    [("/login/", False), ("/admin/login/", False), ("/admin/login/", True)],
    ids=["dashboard", "platform-admin", "cooperative-admin"],
)
def test_account_locked_after_repeated_failures(make_user, coop_a, path, on_cooperative, caplog):
    # given: five wrong passwords for one account
    user = make_user(roles={coop_a: "ketua"}, is_staff=True)
    host = host_of(coop_a if on_cooperative else None)
    client = Client()

    def attempt(password):
        response = client.post(path, {"username": user.email, "password": password}, HTTP_HOST=host)
        connection.set_schema_to_public()
        return response

    for _ in range(5):
        assert attempt("salah-salah").status_code == 200  # the form again, with an error
    # when: the right password
    response = attempt(PASSWORD)
    # then: still refused, and logged
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "login refused (locked)" in caplog.text
    assert LoginFailure.objects.filter(username=user.email).count() >= 5


def test_address_locked_after_failures_on_many_accounts(make_user, db, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    victim = make_user(is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(3):
        client.post(
            "/login/", {"username": f"tebak{i}@uji.id", "password": "x"}, HTTP_HOST=host_of()
        )
    client.post("/login/", {"username": victim.email, "password": PASSWORD}, HTTP_HOST=host_of())
    assert "_auth_user_id" not in client.session
    # another address logs the victim in
    other = Client(REMOTE_ADDR="198.51.100.7")
    other.post("/login/", {"username": victim.email, "password": PASSWORD}, HTTP_HOST=host_of())
    assert other.session.get("_auth_user_id") == str(victim.pk)


# --- 8. a cookie replayed on another host -------------------------------------------------------


def test_cookie_on_the_wrong_host_is_refused_and_the_real_session_survives(
    make_user, coop_a, coop_b
):
    # given: a session on cooperative A's host
    user = make_user(roles={coop_a: "ketua", coop_b: "ketua"})
    client = Client()
    login(client, user, coop_a)
    session_key = client.session.session_key
    body = json.dumps({"query": ME})
    # when: the cookie is replayed to cooperative B's host
    replay = _post(client, host_of(coop_b), body, "application/json")
    # then: refused there, still logged in on A
    assert replay.status_code == 403
    own = _post(client, host_of(coop_a), body, "application/json")
    assert own.json() == {"data": {"me": {"email": user.email}}}
    assert client.session.session_key == session_key
    assert client.session[SESSION_SCHEMA_KEY] == coop_a.schema_name
