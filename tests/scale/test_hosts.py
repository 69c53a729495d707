"""A request resolves its cooperative without a registry query once the host is cached, and
sets the search_path once."""

from __future__ import annotations

import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sokoguru.platform.tenancy.hosts import VERSION_KEY, host_cache
from sokoguru.platform.tenancy.models import Domain
from sokoguru.platform.tenancy.services import cooperative_deactivate
from tests.fixtures.graphql import login

REGISTRY_TABLES = ("tenancy_domain", "tenancy_cooperative")


@pytest.fixture(autouse=True)
def _empty_host_cache():
    host_cache.clear()
    yield
    host_cache.clear()


def get(client: Client, host: str, path: str = "/healthz"):
    response = client.get(path, HTTP_HOST=host)
    connection.set_schema_to_public()
    return response


def registry_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in REGISTRY_TABLES)]


def test_the_host_costs_one_query_the_first_time_and_none_after(coop_a, django_assert_num_queries):
    client = Client()
    # given a first request that resolves coop-a's host (search_path + one registry query)
    with django_assert_num_queries(2):
        assert get(client, "coop-a.localhost").status_code == 200
    # when the host is requested again, then no query at all is made
    with django_assert_num_queries(0):
        assert get(client, "coop-a.localhost").status_code == 200
    with django_assert_num_queries(0):
        assert get(client, "coop-a.localhost").status_code == 200


def test_search_path_is_set_once_per_request(coop_a, make_user):
    # given a logged-in bendahara of coop-a and the host already cached
    user = make_user(roles={coop_a: "bendahara"})
    client = Client()
    login(client, user, coop_a)
    get(client, "coop-a.localhost")
    body = json.dumps({"query": "{ me { email } cooperative { slug } }"})
    # when a GraphQL request is served
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            "/graphql/", data=body, content_type="application/json", HTTP_HOST="coop-a.localhost"
        )
    connection.set_schema_to_public()
    # then the search_path was set once, to the cooperative's schema, and the registry was not
    # read: session, user and role only
    assert response.status_code == 200
    assert response.json()["data"]["cooperative"] == {"slug": "coop-a"}
    statements = [q["sql"] for q in ctx.captured_queries]
    assert [s for s in statements if s.startswith("SET search_path")] == [
        'SET search_path = "k_coop_a","public"'
    ]
    assert registry_queries(ctx) == []
    assert len(statements) == 4


def test_unknown_host_is_404_and_cached_too(db, django_assert_num_queries):
    client = Client()
    assert get(client, "tidak-ada.localhost").status_code == 404
    with django_assert_num_queries(0):
        assert get(client, "tidak-ada.localhost").status_code == 404


def test_a_deactivated_cooperative_is_404_at_once(coop_a):
    # given coop-a's host cached
    client = Client()
    assert get(client, "coop-a.localhost").status_code == 200
    # when it is deactivated
    cooperative_deactivate(slug="coop-a")
    # then its host answers 404 on the next request
    assert get(client, "coop-a.localhost").status_code == 404


def test_a_new_domain_is_served_at_once(coop_a):
    # given an unknown host, cached as unknown
    client = Client()
    assert get(client, "rw01.localhost").status_code == 404
    # when it becomes a domain of coop-a
    Domain.objects.create(domain="rw01.localhost", tenant=coop_a, is_primary=False)
    # then it is served
    assert get(client, "rw01.localhost").status_code == 200


def test_a_registry_change_in_another_process_empties_the_cache(coop_a, django_assert_num_queries):
    # given coop-a's host cached
    client = Client()
    get(client, "coop-a.localhost")
    # when another process records a registry change (a new registry version in the cache)
    caches["registry"].set(VERSION_KEY, "versi-lain", None)
    # then the next request reads the registry again, once
    with CaptureQueriesContext(connection) as ctx:
        assert get(client, "coop-a.localhost").status_code == 200
    assert len(registry_queries(ctx)) == 1
    with django_assert_num_queries(0):
        assert get(client, "coop-a.localhost").status_code == 200


def test_marking_books_changed_keeps_the_cache(coop_a, django_assert_num_queries):
    # given coop-a's host cached
    client = Client()
    get(client, "coop-a.localhost")
    # when a posting marks its books as changed
    coop_a.books_changed_at = timezone.now()
    coop_a.save(update_fields=["books_changed_at"])
    # then the host is still served from the cache
    with django_assert_num_queries(0):
        assert get(client, "coop-a.localhost").status_code == 200
