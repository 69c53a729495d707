"""Production settings: `check --deploy` clean, HTTPS and HSTS, no test hosts, introspection
following DEBUG; the Content-Security-Policy on every page."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client

from tests.fixtures.graphql import host_of, login

SETTINGS_PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({k: getattr(s, k) for k in ["ALLOWED_HOSTS", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "GRAPHQL_INTROSPECTION", "CONTENT_SECURITY_POLICY"]}))
"""


def _production_env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SOKOGURU_DEBUG", "GRAPHQL_", "SECURE_"))
    }
    env.update(
        SOKOGURU_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        PLATFORM_DOMAIN="sokoguru.example",
        DJANGO_SETTINGS_MODULE="sokoguru.platform.settings",
        **extra,
    )
    return env


def test_check_deploy_with_production_settings_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "-m", "sokoguru.platform", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("debug,introspection", [("0", False), ("1", True)])
def test_production_settings(debug, introspection):
    out = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        env=_production_env(SOKOGURU_DEBUG=debug),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    values = json.loads(out.strip().splitlines()[-1])
    assert values["ALLOWED_HOSTS"] == ["sokoguru.example", ".sokoguru.example"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["GRAPHQL_INTROSPECTION"] is introspection
    assert "script-src 'self'" in values["CONTENT_SECURITY_POLICY"]
    assert (
        "unsafe-inline' "
        not in values["CONTENT_SECURITY_POLICY"].split("script-src")[1].split(";")[0]
    )


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_pages_carry_the_content_security_policy(db, path):
    response = Client().get(path, HTTP_HOST=host_of())
    connection.set_schema_to_public()
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    # the pages themselves hold no inline script
    assert b"<script>" not in response.content


def test_dashboard_page_has_no_inline_script(make_user, coop_a):
    user = make_user(roles={coop_a: "ketua"})
    client = Client()
    login(client, user)
    response = client.get("/", HTTP_HOST=host_of(), follow=True)
    connection.set_schema_to_public()
    assert "Content-Security-Policy" in response
    assert b"<script>" not in response.content and b"onclick=" not in response.content
