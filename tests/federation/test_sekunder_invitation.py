"""A sekunder's member book needs the member cooperative's acceptance; before it the sekunder
learns nothing about the cooperative it named."""

from __future__ import annotations

from django.db import connection

from sokoguru.federation.sekunder.models import SekunderInvitation, SekunderMembership
from sokoguru.platform.tenancy.hosts import host_cache
from sokoguru.platform.tenancy.models import Cooperative

INVITE = """mutation($slug: String!) { memberCooperativeRegister(input: {cooperativeSlug: $slug,
  joinedOn: "2026-01-02"}) { errors { field code message } member { number }
  invitation { cooperativeSlug sekunderName status } } }"""
PENDING = "{ sekunderInvitations { id sekunderName status joinedOn } }"
ACCEPT = """mutation($id: ID!) { sekunderInvitationAccept(invitationId: $id) {
  errors { field code } invitation { status } } }"""


def _member_book(cooperative):
    from sokoguru.tenants.members.models import Member

    connection.set_tenant(cooperative)
    rows = list(Member.objects.filter(kind="cooperative").values_list("cooperative_id", flat=True))
    connection.set_schema_to_public()
    return rows


def test_membership_needs_the_member_cooperatives_acceptance(
    graphql_client, make_user, coop_a, coop_b
):
    # given: cooperative A acts as a koperasi sekunder
    Cooperative.objects.filter(pk=coop_a.pk).update(kind="secondary")
    host_cache.clear()
    sekunder = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    # when: it names cooperative B and a slug that does not exist
    real = sekunder.execute(INVITE, {"slug": "coop-b"})["memberCooperativeRegister"]
    fake = sekunder.execute(INVITE, {"slug": "tidak-ada"})["memberCooperativeRegister"]
    # then: the same answer for both, nothing about B, nothing written into the member book
    for payload, slug in [(real, "coop-b"), (fake, "tidak-ada")]:
        assert payload == {
            "errors": [],
            "member": None,
            "invitation": {"cooperativeSlug": slug, "sekunderName": None, "status": "PENDING"},
        }
    assert _member_book(coop_a) == []
    assert not SekunderMembership.objects.exists()
    # when: B's bendahara tries to accept, then B's ketua accepts
    bendahara = graphql_client(make_user(roles={coop_b: "bendahara"}), coop_b)
    ketua = graphql_client(make_user(roles={coop_b: "ketua"}), coop_b)
    assert bendahara.post(PENDING)["errors"][0]["extensions"]["code"] == "permission_denied"
    pending = ketua.execute(PENDING)["sekunderInvitations"]
    assert [(p["sekunderName"], p["status"]) for p in pending] == [
        ("Koperasi RW 01 Uji", "PENDING")
    ]
    refused = bendahara.execute(ACCEPT, {"id": pending[0]["id"]})["sekunderInvitationAccept"]
    assert refused["errors"][0]["code"] == "permission_denied"
    assert _member_book(coop_a) == []
    accepted = ketua.execute(ACCEPT, {"id": pending[0]["id"]})["sekunderInvitationAccept"]
    # then: B is a member of A, in the registry and in A's member book
    assert accepted == {"errors": [], "invitation": {"status": "ACCEPTED"}}
    assert list(SekunderMembership.objects.values_list("sekunder_id", "member_id", "status")) == [
        (coop_a.pk, coop_b.pk, "active")
    ]
    assert _member_book(coop_a) == [coop_b.pk]
    assert SekunderInvitation.objects.get(member_slug="tidak-ada").member is None


def test_an_invitation_is_accepted_only_on_the_invited_host(
    graphql_client, make_user, coop_a, coop_b
):
    # given: A (sekunder) invites B
    Cooperative.objects.filter(pk=coop_a.pk).update(kind="secondary")
    host_cache.clear()
    graphql_client(make_user(roles={coop_a: "ketua"}), coop_a).execute(INVITE, {"slug": "coop-b"})
    invitation = SekunderInvitation.objects.get()
    from tests.fixtures.graphql import to_global_id

    # when: A's own ketua tries to accept it on A's host with an id of A's host
    ketua_a = graphql_client(make_user(roles={coop_a: "ketua"}), coop_a)
    body = ketua_a.execute(
        ACCEPT, {"id": to_global_id("SekunderInvitation", invitation.pk, coop_a.schema_name)}
    )
    # then: not found; still pending
    assert body["sekunderInvitationAccept"]["errors"][0]["code"] == "not_found"
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert _member_book(coop_a) == []
