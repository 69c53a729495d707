"""The append-only audit log: changes to roles, money and periods with who, when, from where,
before and after; the database refuses to edit or delete an entry; CSV/XLSX export; the
pengawas reads their cooperative's log."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from sokoguru.platform.accounts.services import cooperative_role_grant
from sokoguru.platform.audit.context import Actor, current_actor
from sokoguru.platform.audit.export import audit_csv, audit_xlsx
from sokoguru.platform.audit.models import AuditEvent
from tests.fixtures.graphql import host_of, login


def test_role_grant_is_audited_with_the_actor(make_user, coop_a):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    target = make_user()
    token = current_actor.set(Actor(user_id=ketua.pk, email=ketua.email, address="10.0.0.7"))
    try:
        # when
        cooperative_role_grant(user=target, cooperative=coop_a, role="pengawas")
    finally:
        current_actor.reset(token)
    # then
    event = AuditEvent.objects.filter(model="accounts.cooperativerole").latest("id")
    assert (event.action, event.actor_email, event.address) == ("create", ketua.email, "10.0.0.7")
    assert event.before is None
    assert event.after["role"] == "pengawas" and event.after["user_id"] == target.pk


def test_a_change_through_the_api_is_audited_with_user_and_address(
    graphql_client, make_user, coop_a
):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    client = graphql_client(ketua, coop_a)
    # when: a loan product (money policy) is created through the API
    data = client.execute(
        """mutation($input: LoanProductCreateInput!) { loanProductCreate(input: $input) {
           errors { field code message } } }""",
        {"input": {"code": "AUD", "name": "Pinjaman audit"}},
    )
    # then
    assert data["loanProductCreate"]["errors"] == []
    event = AuditEvent.objects.filter(
        schema_name=coop_a.schema_name, model="loans.loanproduct", actor_id=ketua.pk
    ).latest("id")
    assert (event.action, event.address, event.actor_email) == ("create", "127.0.0.1", ketua.email)
    assert event.after["code"] == "AUD"


def test_personal_fields_never_reach_the_log(coop_a):
    from sokoguru.platform.audit.registry import snapshot
    from sokoguru.tenants.members.models import Member

    member = Member(full_name="Siti", nik="3275010101900001", phone="081234567890", address="Jl. X")
    assert {"nik", "phone", "address"}.isdisjoint(snapshot(member))


def test_the_database_refuses_to_edit_or_delete_an_entry(make_user, coop_a):
    make_user(roles={coop_a: "kasir"})
    event = AuditEvent.objects.latest("id")
    for sql in [
        "UPDATE audit_auditevent SET actor_email = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.actor_email != "x"


def test_export_and_the_pengawas_reads_only_their_cooperatives_log(make_user, coop_a, coop_b):
    # given: role changes in both cooperatives
    make_user(roles={coop_a: "kasir"})
    make_user(roles={coop_b: "kasir"})
    own = AuditEvent.objects.filter(schema_name="public", model="accounts.cooperativerole")
    # when: exported
    csv_text = audit_csv(own).decode()
    xlsx = audit_xlsx(own)
    # then
    assert csv_text.splitlines()[0].startswith("at,schema,actor,address,action,model")
    assert len(csv_text.splitlines()) == own.count() + 1
    assert xlsx[:2] == b"PK"
    # and the pengawas of A sees the audit log page on A's host
    pengawas = make_user(roles={coop_a: "pengawas"})
    client = Client()
    login(client, pengawas, coop_a)
    response = client.get("/admin/audit/auditevent/", HTTP_HOST=host_of(coop_a))
    connection.set_schema_to_public()
    assert response.status_code == 200
