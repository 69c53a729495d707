"""SHU through the cooperative API: simulate, propose, record the RAT decision, distribute,
pay out; members' shares as a connection at a fixed number of queries; typed errors."""

from __future__ import annotations

import pytest
from django.db import connection

from sokoguru.tenants.shu.models import ShuProposal
from tests.shu.conftest import close_year

SIMULATION = """
query ($year: Int!) { shuSimulation(fiscalYear: $year, asOf: "2025-12-31") {
  final shu memberPart nonMemberPart statement pools { key amount } shares { memberName net } } }
"""
PROPOSE = """
mutation ($year: Int!) { shuProposalCreate(fiscalYear: $year) {
  errors { field code message } proposal { id status shu pools { key amount } memberCount } } }
"""
APPROVE = """
mutation ($id: ID!) { shuProposalApprove(proposalId: $id, decidedOn: "2026-03-01",
  reference: "05/RAT/2026") {
  errors { field code message } proposal { status decisionReference } } }
"""
DISTRIBUTE = """
mutation ($id: ID!) { shuDistribute(proposalId: $id, distributedOn: "2026-03-15") {
  errors { field code message } proposal { status distributedOn unpaidTotal } } }
"""
PAYOUT = """
mutation ($id: ID!) { shuPayout(proposalId: $id, paidOn: "2026-03-20") {
  errors { field code message } total paid { memberName net payout } skipped { memberName } } }
"""
SHARES = """
query ($year: Int!, $first: Int) { shuShares(fiscalYear: $year, first: $first) {
  totalCount edges { node {
  memberNumber memberName jasaModal jasaUsaha net payout fiscalYear } } } }
"""
FUNDS = "{ shuFunds { key balance } }"


def test_the_year_from_simulation_to_payout(graphql_client, year_2025, coop_a):
    officers = year_2025.officers
    # simulation (pengawas may look)
    sim = graphql_client(officers["pengawas"], coop_a).execute(SIMULATION, {"year": 2025})
    assert sim["shuSimulation"]["final"] is False
    assert sim["shuSimulation"]["shu"] == "1100000.00"
    assert sim["shuSimulation"]["nonMemberPart"] == "100000.00"

    connection.set_tenant(coop_a)
    close_year(officers)
    bendahara = graphql_client(officers["bendahara"], coop_a)
    ketua = graphql_client(officers["ketua"], coop_a)

    # a kasir may not propose: a typed error
    denied = graphql_client(officers["kasir"], coop_a).execute(PROPOSE, {"year": 2025})
    assert denied["shuProposalCreate"]["errors"][0]["code"] == "role_required"
    assert denied["shuProposalCreate"]["errors"][0]["field"] == "proposedById"

    proposed = bendahara.execute(PROPOSE, {"year": 2025})["shuProposalCreate"]
    assert proposed["errors"] == []
    assert proposed["proposal"]["memberCount"] == 4
    pid = proposed["proposal"]["id"]

    # the proposer may not distribute (maker-checker), even once approved
    approved = ketua.execute(APPROVE, {"id": pid})["shuProposalApprove"]
    assert approved["proposal"]["status"] == "APPROVED"
    refused = bendahara.execute(DISTRIBUTE, {"id": pid})["shuDistribute"]
    assert refused["errors"][0]["code"] == "maker_checker"

    distributed = ketua.execute(DISTRIBUTE, {"id": pid})["shuDistribute"]
    assert distributed["proposal"]["status"] == "DISTRIBUTED"
    assert distributed["proposal"]["unpaidTotal"] == "450000.00"

    paid = graphql_client(officers["kasir"], coop_a).execute(PAYOUT, {"id": pid})["shuPayout"]
    assert paid["errors"] == []
    assert paid["total"] == "415217.00"
    assert [p["memberName"] for p in paid["skipped"]] == ["Dedi Kurniawan"]

    funds = {f["key"]: f["balance"] for f in ketua.execute(FUNDS)["shuFunds"]}
    assert funds["sosial"] == "50000.00"
    connection.set_tenant(coop_a)
    assert ShuProposal.objects.get().status == ShuProposal.Status.DISTRIBUTED


@pytest.mark.parametrize("page", [1, 4])
def test_members_shares_cost_a_fixed_number_of_queries(
    graphql_client, year_2025, coop_a, page, django_assert_num_queries
):
    # given a proposal with four shares
    from sokoguru.tenants.shu.services import shu_proposal_create

    close_year(year_2025.officers)
    shu_proposal_create(fiscal_year=2025, proposed_by_id=year_2025.officers["bendahara"].pk)
    client = graphql_client(year_2025.officers["ketua"], coop_a)

    # when / then: host and search path (3), session, user, roles, proposal, count, page
    with django_assert_num_queries(9):
        data = client.execute(SHARES, {"year": 2025, "first": page})
    assert data["shuShares"]["totalCount"] == 4
    assert len(data["shuShares"]["edges"]) == page
    first = data["shuShares"]["edges"][0]["node"]
    assert (first["memberName"], first["jasaModal"], first["jasaUsaha"]) == (
        "Siti Aminah",
        "73913.00",
        "187500.00",
    )
