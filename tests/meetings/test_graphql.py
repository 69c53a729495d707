"""The RAT through the cooperative API: plan, attend, open, decide, elect, close, sign, report;
typed errors; the meeting's record costs a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.meetings.models import Meeting
from sokoguru.tenants.members.models import Officer
from tests.fixtures.graphql import to_global_id

ERR = "errors { field code message }"
CREATE = f"""mutation($input: MeetingCreateInput!) {{ meetingCreate(input: $input) {{ {ERR}
  meeting {{ id status agenda {{ id kind title }} }} }} }}"""
ATTEND = f"""mutation($input: AttendanceRecordInput!) {{ attendanceRecord(input: $input) {{ {ERR}
  meeting {{ quorum {{ present required reached }} }} }} }}"""
OPEN = f"""mutation($input: MeetingOpenInput!) {{ meetingOpen(input: $input) {{ {ERR}
  meeting {{ status quorumReached }} }} }}"""
DECIDE = f"""mutation($input: DecisionRecordInput!) {{ decisionRecord(input: $input) {{ {ERR}
  decision {{ number outcome votesFor }} }} }}"""
ELECT = f"""mutation($input: ElectionRecordInput!) {{ electionRecord(input: $input) {{ {ERR}
  decision {{ number elected {{ role member {{ fullName }} }} }} }} }}"""
RAPB = f"""mutation($input: RapbRecordInput!) {{ rapbRecord(input: $input) {{ {ERR}
  decision {{ number }} }} }}"""
CLOSE = f"""mutation($input: MeetingCloseInput!) {{ meetingClose(input: $input) {{ {ERR}
  meeting {{ status }} }} }}"""
SIGN = f"""mutation($input: MinutesSignInput!) {{ minutesSign(input: $input) {{ {ERR}
  meeting {{ minutesSigned }} }} }}"""
REPORT = f"""mutation($input: DinasReportSubmitInput!) {{ dinasReportSubmit(input: $input) {{
  {ERR} report {{ reference status }} }} }}"""
MEETING = """query($id: ID!) { meeting(id: $id) {
  kind status fiscalYear quorum { eligible present required reached }
  agenda { position kind title decision { number outcome elected { role member { fullName } } } }
  attendance { mode member { number fullName } proxyHolder { number } }
  dinasReport { reference status }
} }"""


def mid(pk):
    return to_global_id("Member", pk, "k_coop_a")


def test_the_whole_rat_through_the_api(graphql_client, officers, members, coop_a):
    # given 5 members, a ketua serving whose term ended
    people = members(5)
    officer_assign_old = people[4]
    from sokoguru.tenants.members.services import officer_assign

    officer_assign(
        member_id=officer_assign_old.pk,
        role="ketua",
        term_start=date(2021, 3, 1),
        term_end=date(2026, 2, 28),
        created_by_id=SYSTEM,
    )
    connection.set_schema_to_public()
    api = graphql_client(officers["ketua"], coop_a)
    # when planned
    created = api.execute(
        CREATE,
        {
            "input": {
                "kind": "RAT",
                "fiscalYear": 2025,
                "date": "2026-03-14",
                "place": "Balai RW 01",
                "mode": "HYBRID",
                "onlineLink": "https://meet.example.id/rat-2025",
            }
        },
    )["meetingCreate"]
    assert created["errors"] == []
    meeting_id = created["meeting"]["id"]
    items = {i["kind"]: i["id"] for i in created["meeting"]["agenda"]}
    assert list(items) == [
        "ACCOUNTABILITY",
        "SUPERVISOR",
        "STATEMENTS",
        "SHU",
        "RAPB",
        "ELECTION",
    ]
    # attendance: three in person/online, one proxy
    for person, mode in zip(people[:3], ["IN_PERSON", "ONLINE", "IN_PERSON"], strict=True):
        out = api.execute(
            ATTEND, {"input": {"meetingId": meeting_id, "memberId": mid(person.pk), "mode": mode}}
        )["attendanceRecord"]
        assert out["errors"] == []
    proxied = api.execute(
        ATTEND,
        {
            "input": {
                "meetingId": meeting_id,
                "memberId": mid(people[3].pk),
                "mode": "PROXY",
                "proxyHolderId": mid(people[0].pk),
            }
        },
    )["attendanceRecord"]
    assert proxied["meeting"]["quorum"] == {"present": 4, "required": 3, "reached": True}
    assert api.execute(OPEN, {"input": {"meetingId": meeting_id}})["meetingOpen"]["meeting"] == {
        "status": "OPEN",
        "quorumReached": True,
    }
    for kind in ("ACCOUNTABILITY", "SUPERVISOR", "SHU"):
        out = api.execute(
            DECIDE,
            {"input": {"itemId": items[kind], "method": "CONSENSUS", "text": f"Disetujui {kind}"}},
        )["decisionRecord"]
        assert out["errors"] == []
    voted = api.execute(
        DECIDE,
        {
            "input": {
                "itemId": items["STATEMENTS"],
                "method": "VOTE",
                "text": "Laporan keuangan 2025 disahkan.",
                "votesFor": "3",
                "votesAgainst": "1",
            }
        },
    )["decisionRecord"]
    assert voted["decision"]["outcome"] == "APPROVED"
    elected = api.execute(
        ELECT,
        {
            "input": {
                "itemId": items["ELECTION"],
                "method": "CONSENSUS",
                "text": "Ketua 2026–2031.",
                "elected": [
                    {
                        "memberId": mid(people[0].pk),
                        "role": "KETUA",
                        "termStart": "2026-03-14",
                        "termEnd": "2031-03-13",
                    }
                ],
            }
        },
    )["electionRecord"]
    assert elected["errors"] == [] and elected["decision"]["elected"][0]["role"] == "ketua"
    rapb = api.execute(
        RAPB,
        {
            "input": {
                "itemId": items["RAPB"],
                "method": "CONSENSUS",
                "text": "RAPB 2026.",
                "lines": [
                    {"kind": "INCOME", "accountCode": "4101", "label": "Jasa", "amount": "100"}
                ],
            }
        },
    )["rapbRecord"]
    assert rapb["errors"] == []
    closed = api.execute(
        CLOSE,
        {
            "input": {
                "meetingId": meeting_id,
                "chairId": mid(people[0].pk),
                "secretaryId": mid(people[1].pk),
            }
        },
    )["meetingClose"]
    assert closed["meeting"]["status"] == "HELD"
    for signer in ("CHAIR", "SECRETARY"):
        api.execute(
            SIGN, {"input": {"meetingId": meeting_id, "signer": signer, "signedOn": "2026-03-14"}}
        )
    report = api.execute(
        REPORT,
        {"input": {"meetingId": meeting_id, "submittedOn": "2026-04-01", "reference": "17/RAT"}},
    )["dinasReportSubmit"]
    # then
    assert report["report"] == {"reference": "17/RAT", "status": "SUBMITTED"}
    record = api.execute(MEETING, {"id": meeting_id})["meeting"]
    assert record["status"] == "HELD" and record["dinasReport"]["reference"] == "17/RAT"
    assert [a["decision"]["number"] for a in record["agenda"]] == [
        "01/RAT/2025",
        "02/RAT/2025",
        "04/RAT/2025",
        "03/RAT/2025",
        "06/RAT/2025",
        "05/RAT/2025",
    ]
    connection.set_tenant(coop_a)
    assert Officer.objects.get(role="ketua", ended_on__isnull=True).member_id == people[0].pk


def test_errors_are_typed_and_nothing_is_written(graphql_client, officers, coop_a):
    connection.set_schema_to_public()
    out = graphql_client(officers["kasir"], coop_a).execute(
        CREATE,
        {
            "input": {
                "kind": "RAT",
                "fiscalYear": 2025,
                "date": "2026-03-14",
                "place": "Balai",
                "mode": "IN_PERSON",
            }
        },
    )["meetingCreate"]
    assert out["errors"][0]["code"] == "role_required"
    assert out["errors"][0]["field"] == "createdById"
    connection.set_tenant(coop_a)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("attending", [2, 6])
def test_meeting_record_costs_fixed_queries(
    graphql_client, officers, members, rat, coop_a, attending, django_assert_num_queries
):
    # given
    from sokoguru.tenants.meetings.services import attendance_record

    for person in members(attending):
        attendance_record(
            meeting_id=rat.pk,
            member_id=person.pk,
            mode="in_person",
            recorded_by_id=officers["ketua"].pk,
        )
    connection.set_schema_to_public()
    api = graphql_client(officers["ketua"], coop_a)
    api.execute(MEETING, {"id": to_global_id("Meeting", rat.pk, "k_coop_a")})  # warm the host cache
    # when / then
    with django_assert_num_queries(12):
        data = api.execute(MEETING, {"id": to_global_id("Meeting", rat.pk, "k_coop_a")})
    assert len(data["meeting"]["attendance"]) == attending
