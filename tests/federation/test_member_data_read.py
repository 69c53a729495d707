"""UU 27/2022: every read of member-level data by an official under member-level consent is
logged — who, when, from which address, which cooperative, which members — exactly once per
read, from the API and the dashboard alike; a refused read writes nothing; the log is
append-only and the cooperative's pengawas reads it in the cooperative's admin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from sokoguru.federation.consent.models import MemberDataRead
from sokoguru.federation.consent.services import consent_set, shared_member_replace
from tests.fixtures.graphql import host_of, login, to_global_id

HJ = to_global_id("FederationBody", "body:kel-harapan-jaya")


@pytest.fixture
def seeded(put_snapshot, coop_a):
    """Cooperative A's snapshot of today (it is in the kelurahan's list)."""
    put_snapshot(coop_a, members_active=2)


QUERY = """query($body: ID!) { supervisedCooperative(body: $body, slug: "coop-a") {
    sharedMembers { edges { node { number fullName } } } } }"""


def _share(coop_a, kelurahan_hj, make_user):
    ketua = make_user(roles={coop_a: "ketua"})
    consent_set(cooperative=coop_a, level="member_level", user=ketua, body=kelurahan_hj)
    shared_member_replace(
        cooperative_id=coop_a.pk,
        rows=[
            {
                "member_id": member_id,
                "number": f"RW01-000{member_id}",
                "full_name": name,
                "status": "active",
                "joined_on": date(2024, 1, 2),
                "savings_total": Decimal("1250000.00"),
                "loans_outstanding": Decimal("0.00"),
            }
            for member_id, name in [(1, "Siti Aminah"), (2, "Budi Santoso")]
        ],
        refreshed_at=timezone.now(),
    )


def test_a_read_under_consent_writes_exactly_one_row(
    graphql_client,
    make_user,
    lurah,
    seeded,
    coop_a,
    kelurahan_hj,
):
    # given
    _share(coop_a, kelurahan_hj, make_user)
    # when
    data = graphql_client(lurah).execute(QUERY, {"body": HJ})
    # then
    assert len(data["supervisedCooperative"]["sharedMembers"]["edges"]) == 2
    rows = list(MemberDataRead.objects.all())
    assert len(rows) == 1
    read = rows[0]
    assert (read.cooperative_id, read.body_id, read.sekunder_id) == (
        coop_a.pk,
        kelurahan_hj.pk,
        None,
    )
    assert (read.reader_id, read.reader_email, read.address) == (lurah.pk, lurah.email, "127.0.0.1")
    assert read.member_ids == [1, 2]
    assert abs((timezone.now() - read.at).total_seconds()) < 60


def test_a_refused_read_writes_nothing(graphql_client, lurah, seeded, coop_a):
    # given: no member-level consent
    # when
    data = graphql_client(lurah).execute(QUERY, {"body": HJ})
    # then
    assert data["supervisedCooperative"]["sharedMembers"] is None
    assert MemberDataRead.objects.count() == 0


def test_the_dashboard_read_is_logged_and_the_log_cannot_be_edited(
    make_user,
    lurah,
    seeded,
    coop_a,
    kelurahan_hj,
):
    # given
    _share(coop_a, kelurahan_hj, make_user)
    client = Client()
    login(client, lurah)
    # when: the official searches the roster on the dashboard
    client.get("/dasbor/badan/kel-harapan-jaya/", HTTP_HOST=host_of(None))  # totals only
    assert MemberDataRead.objects.count() == 0
    url = "/dasbor/badan/kel-harapan-jaya/koperasi/coop-a/"
    response = client.get(url, {"q": "Siti"}, HTTP_HOST=host_of(None))
    # then
    assert response.status_code == 200 and "Siti Aminah" in response.content.decode()
    read = MemberDataRead.objects.get()
    assert (read.search, read.member_ids, read.reader_id) == ("Siti", [1], lurah.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("DELETE FROM consent_memberdataread WHERE id = %s", [read.pk])
    assert MemberDataRead.objects.filter(pk=read.pk).exists()


def test_the_pengawas_reads_who_read_their_members(
    graphql_client,
    make_user,
    lurah,
    seeded,
    coop_a,
    coop_b,
    kelurahan_hj,
):
    # given: a logged read of cooperative A
    _share(coop_a, kelurahan_hj, make_user)
    graphql_client(lurah).execute(QUERY, {"body": HJ})
    pengawas_a = make_user(roles={coop_a: "pengawas"})
    kasir_a = make_user(roles={coop_a: "kasir"})
    pengawas_b = make_user(roles={coop_b: "pengawas"})
    path = "/admin/consent/memberdataread/"

    def get(user, coop):
        client = Client()
        login(client, user, coop)
        response = client.get(path, HTTP_HOST=host_of(coop))
        connection.set_schema_to_public()
        return response

    # when
    seen_a = get(pengawas_a, coop_a)
    seen_b = get(pengawas_b, coop_b)
    refused = get(kasir_a, coop_a)
    # then
    assert seen_a.status_code == 200 and lurah.email in seen_a.content.decode()
    assert seen_b.status_code == 200 and lurah.email not in seen_b.content.decode()
    assert refused.status_code == 403
