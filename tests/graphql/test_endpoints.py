"""Both GraphQL endpoints: first fields, provisioning mutation, limits, masking, SDL."""

from __future__ import annotations

from django.test import override_settings

from sokoguru.graphql import sdl
from sokoguru.platform.tenancy.models import Cooperative
from tests.fixtures.tenancy import HARAPAN_JAYA

COOPERATIVES = """
query ($kind: CooperativeKind, $region: String, $first: Int) {
  cooperatives(kind: $kind, regionCode: $region, first: $first) {
    totalCount edges { node { slug kind domain domicile { code } } }
  }
}"""

PROVISION = """
mutation ($input: CooperativeProvisionInput!) {
  cooperativeProvision(input: $input) {
    errors { field code message }
    cooperative { slug domain kind }
  }
}"""


def test_me_on_platform_host_lists_roles_everywhere(graphql_client, make_user, coop_a, coop_b):
    user = make_user(roles={coop_a: "ketua", coop_b: "anggota"})
    data = graphql_client(user).execute(
        "{ me { email cooperativeRoles { cooperativeSlug role } } }"
    )
    assert data["me"]["cooperativeRoles"] == [
        {"cooperativeSlug": "coop-b", "role": "anggota"},
        {"cooperativeSlug": "coop-a", "role": "ketua"},
    ]


def test_anonymous_me_is_null(graphql_client, db):
    assert graphql_client().execute("{ me { email } }") == {"me": None}


def test_cooperatives_filtered_by_kind_and_region_for_staff(graphql_client, make_user, db):
    staff = make_user(is_staff=True)
    client = graphql_client(staff)
    by_region = client.execute(COOPERATIVES, {"region": "32.75"})["cooperatives"]
    by_kind = client.execute(COOPERATIVES, {"kind": "PRIMARY_OPD"})["cooperatives"]
    assert by_region == {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "slug": "coop-a",
                    "kind": "PRIMARY_RW",
                    "domain": "coop-a.localhost",
                    "domicile": {"code": HARAPAN_JAYA},
                }
            }
        ],
    }
    assert [e["node"]["slug"] for e in by_kind["edges"]] == ["coop-b"]


def test_cooperatives_refused_for_non_staff(graphql_client, make_user, coop_a):
    body = graphql_client(make_user(roles={coop_a: "ketua"})).post(COOPERATIVES)
    assert body["data"]["cooperatives"] is None
    assert "staf platform" in body["errors"][0]["message"].lower()


def test_node_does_not_reveal_cooperatives_to_non_staff(graphql_client, make_user, coop_a):
    from tests.fixtures.graphql import to_global_id

    body = graphql_client(make_user()).post(
        "query($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("Cooperative", coop_a.pk)}
    )
    assert body["data"]["node"] is None


def test_provision_mutation_creates_cooperative(graphql_client, make_user, db):
    staff = make_user(is_staff=True)
    data = graphql_client(staff).execute(
        PROVISION,
        {
            "input": {
                "name": "Koperasi RW 09",
                "slug": "hj-rw09-api",
                "kind": "PRIMARY_RW",
                "domicileCode": HARAPAN_JAYA,
            }
        },
    )
    assert data["cooperativeProvision"] == {
        "errors": [],
        "cooperative": {
            "slug": "hj-rw09-api",
            "domain": "hj-rw09-api.localhost",
            "kind": "PRIMARY_RW",
        },
    }
    assert Cooperative.objects.filter(slug="hj-rw09-api").exists()


def test_provision_mutation_bad_input_is_typed_error_naming_field(graphql_client, make_user, db):
    staff = make_user(is_staff=True)
    before = Cooperative.objects.count()
    data = graphql_client(staff).execute(
        PROVISION,
        {
            "input": {
                "name": "Koperasi X",
                "slug": "kop-x-api",
                "kind": "PRIMARY_RW",
                "domicileCode": "32.75.03.1001",
                "legalNumber": "12AB",
            }
        },
    )
    payload = data["cooperativeProvision"]
    assert payload["cooperative"] is None
    assert [e["field"] for e in payload["errors"]] == ["legalNumber"]
    assert payload["errors"][0]["code"] == "invalid_nik_koperasi"
    assert Cooperative.objects.count() == before


def test_provision_mutation_refused_for_non_staff(graphql_client, make_user, coop_a):
    before = Cooperative.objects.count()
    data = graphql_client(make_user(roles={coop_a: "ketua"})).execute(
        PROVISION,
        {
            "input": {
                "name": "Koperasi X",
                "slug": "kop-x2",
                "kind": "PRIMARY_RW",
                "domicileCode": HARAPAN_JAYA,
            }
        },
    )
    assert data["cooperativeProvision"]["errors"][0]["code"] == "permission_denied"
    assert Cooperative.objects.count() == before


def test_depth_limit(graphql_client, db, settings):
    settings.GRAPHQL_MAX_DEPTH = 2
    body = graphql_client().post(
        "{ me { cooperativeRoles { role } bodyRoles { body { name } } } }", status=400
    )
    assert "Query depth exceeds the maximum of 2" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "query_too_deep"
    assert "data" not in body or body["data"] is None


def test_alias_limit(graphql_client, db):
    query = "{ " + " ".join(f"a{i}: me {{ email }}" for i in range(21)) + " }"
    body = graphql_client().post(query, status=400)
    assert "Terlalu banyak alias" in body["errors"][0]["message"]


def test_page_size_cap(graphql_client, make_user, db):
    body = graphql_client(make_user(is_staff=True)).post(COOPERATIVES, {"first": 101})
    assert body["data"]["cooperatives"] is None
    assert "exceeds the `first` limit of 100 records" in body["errors"][0]["message"]


def test_introspection_off_unless_enabled(graphql_client, db):
    query = "{ __schema { queryType { name } } }"
    with override_settings(GRAPHQL_INTROSPECTION=False):
        body = _post_with_fresh_view(query, introspection=False)
    assert "introspection" in body["errors"][0]["message"].lower()
    assert graphql_client().execute(query) == {"__schema": {"queryType": {"name": "Query"}}}


def _post_with_fresh_view(query: str, *, introspection: bool) -> dict:
    import json

    from django.test import RequestFactory

    from sokoguru.graphql.core.views import SokoguruGraphQLView

    request = RequestFactory().post(
        "/graphql/", data=json.dumps({"query": query}), content_type="application/json"
    )
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    view = SokoguruGraphQLView.as_view(schema_path="federation")
    return json.loads(view(request).content)


def test_resolver_errors_are_masked_outside_debug(graphql_client, make_user, db, monkeypatch):
    # given: a resolver that fails unexpectedly
    from sokoguru.graphql.tenancy import schema as tenancy_schema

    def boom(*args, **kwargs):
        raise KeyError("secret internal detail")

    monkeypatch.setattr(tenancy_schema, "cooperative_list", boom)
    body = graphql_client(make_user(is_staff=True)).post(COOPERATIVES)
    assert body["errors"][0]["message"] == "Terjadi kesalahan internal. / Internal error."
    assert "secret" not in str(body)


def test_committed_sdl_matches_live_schemas():
    assert sdl.drift() == {"cooperative": False, "federation": False}
