"""The inter-cooperative books through the cooperative API: each side on its own host."""

from __future__ import annotations

from decimal import Decimal

from sokoguru.tenants.intercoop.models import CapitalEntry
from sokoguru.tenants.ledger import chart
from tests.intercoop.conftest import balance, rows_in

PAY = """mutation($slug: String!, $amount: Money!) { intercoopCapitalPay(sekunderSlug: $slug,
  kind: "pokok", amount: $amount, date: "2026-02-03", idempotencyKey: "pokok-api") {
  errors { field code } entry { side kind amount counterpartyName } } }"""
RECONCILE = """{ intercoopReconciliation { memberCooperativeName capitalHeld capitalInvested
  reconciled } intercoopCapitalEntries { side kind amount counterpartyName } }"""


def test_primary_pays_on_its_host_and_the_sekunder_sees_it_reconciled(
    pair, make_user, graphql_client
):
    sekunder, primary = pair
    # a kasir of the primary is refused: nothing written on either side
    kasir = graphql_client(make_user(roles={primary: "kasir"}), primary)
    refused = kasir.execute(PAY, {"slug": sekunder.slug, "amount": "100000"})
    assert refused["intercoopCapitalPay"]["errors"][0]["code"] == "permission_denied"
    assert rows_in(primary, CapitalEntry) == rows_in(sekunder, CapitalEntry) == 0
    # the primary's bendahara pays
    bendahara = graphql_client(make_user(roles={primary: "bendahara"}), primary)
    paid = bendahara.execute(PAY, {"slug": sekunder.slug, "amount": "100000"})
    assert paid["intercoopCapitalPay"] == {
        "errors": [],
        "entry": {
            "side": "primary",
            "kind": "pokok",
            "amount": "100000.00",
            "counterpartyName": sekunder.name,
        },
    }
    assert balance(primary, chart.PENYERTAAN_SEKUNDER) == Decimal("100000.00")
    # the sekunder's ketua on the sekunder's host
    ketua = graphql_client(make_user(roles={sekunder: "ketua"}), sekunder)
    data = ketua.execute(RECONCILE)
    assert data["intercoopReconciliation"] == [
        {
            "memberCooperativeName": "Koperasi Pegawai Uji",
            "capitalHeld": "100000.00",
            "capitalInvested": "100000.00",
            "reconciled": True,
        }
    ]
    assert data["intercoopCapitalEntries"] == [
        {
            "side": "sekunder",
            "kind": "pokok",
            "amount": "100000.00",
            "counterpartyName": "Koperasi Pegawai Uji",
        }
    ]
