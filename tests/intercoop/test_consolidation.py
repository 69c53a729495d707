"""The federation's sums over a sekunder and its member cooperatives count each rupiah once:
the consolidated totals are the sum of the cooperatives minus the balances between them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.oversight.services import body_role_grant, oversight_body_create
from sokoguru.federation.scope.selectors import scope_list_for_user
from sokoguru.federation.sekunder.services import sekunder_member_add
from sokoguru.federation.snapshots.consolidation import consolidated_totals
from sokoguru.federation.snapshots.services import snapshot_refresh
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.intercoop import services
from tests.intercoop.conftest import JOINED
from tests.intercoop.test_loans import _disbursed_loan

MEDAN_PETISAH = "12.71.14.1001"


def _books(sekunder, primary, make_user):
    """Rp 100.000 pokok paid in, a Rp 12.000.000 loan paid out; both snapshots refreshed."""
    services.capital_pay(
        sekunder=sekunder,
        primary=primary,
        kind="pokok",
        amount=Decimal("100000"),
        date=date(2026, 2, 3),
        idempotency_key="pokok",
        created_by_id=make_user(roles={primary: "bendahara"}).pk,
    )
    _disbursed_loan(sekunder, primary, make_user)
    today = timezone.localdate()
    return [snapshot_refresh(cooperative=c, as_of=today) for c in (sekunder, primary)]


def test_sekunder_view_eliminates_the_money_between_its_members(pair, make_user):
    sekunder, primary = pair
    sekunder_member_add(sekunder=sekunder, member=primary, joined_on=JOINED)
    own, member = _books(sekunder, primary, make_user)
    # the snapshots carry the balances per counterparty (aggregates, no member data)
    assert own.intercoop_balances[str(primary.pk)]["capital_held"] == "100000.00"
    assert own.intercoop_balances[str(primary.pk)]["loan_receivable"] == "12000000.00"
    assert member.intercoop_balances[str(sekunder.pk)]["capital_invested"] == "100000.00"
    assert member.intercoop_balances[str(sekunder.pk)]["loan_payable"] == "12000000.00"
    # gross: Rp 500.100.000 (sekunder) + Rp 62.000.000 (member) of assets
    assert (own.total_assets, member.total_assets) == (
        Decimal("500100000.00"),
        Decimal("62000000.00"),
    )
    [scope] = [
        s for s in scope_list_for_user(user=make_user(roles={sekunder: "ketua"})) if s.is_sekunder
    ]
    result = consolidated_totals(scope=scope)
    assert result.cooperative_count == 2
    assert result.gross["total_assets"] == own.total_assets + member.total_assets
    assert result.eliminated == {
        "total_assets": Decimal("12100000.00"),
        "total_liabilities": Decimal("12000000.00"),
        "total_equity": Decimal("100000.00"),
        "savings_pokok": Decimal("100000.00"),
        "savings_wajib": Decimal("0.00"),
        "savings_total": Decimal("100000.00"),
    }
    # net: only the money that came from outside the group (the two opening grants)
    assert result.net["total_assets"] == Decimal("550000000.00")
    assert result.net["total_liabilities"] == Decimal("0.00")
    assert result.net["total_equity"] == Decimal("550000000.00")
    assert [(i.key, i.holder_side, i.counter_side, i.unreconciled) for i in result.items] == [
        ("capital", Decimal("100000.00"), Decimal("100000.00"), Decimal("0.00")),
        ("loans", Decimal("12000000.00"), Decimal("12000000.00"), Decimal("0.00")),
    ]


def test_dinas_total_eliminates_only_pairs_inside_its_region(pair, make_user):
    sekunder, primary = pair
    # the sekunder and its member both in Medan: the Sumut dinas covers both
    Cooperative.objects.filter(pk=sekunder.pk).update(domicile_id=MEDAN_PETISAH)
    sekunder.refresh_from_db()
    own, member = _books(sekunder, primary, make_user)
    dinas = oversight_body_create(
        name="Dinas Koperasi Sumut",
        slug="dinas-sumut-uji",
        kind=OversightBody.Kind.DINAS_PROVINSI,
        region_code="12",
    )
    official = make_user(email="dinas@uji.id")
    body_role_grant(user=official, body=dinas, role=BodyRole.Role.OFFICIAL)
    [scope] = scope_list_for_user(user=official)
    result = consolidated_totals(scope=scope)
    assert result.gross["total_assets"] == Decimal("562100000.00")
    assert result.net["total_assets"] == Decimal("550000000.00")
    assert result.net["savings_total"] == result.gross["savings_total"] - Decimal("100000.00")
    # a kecamatan-wide view without the member cooperative eliminates nothing
    Cooperative.objects.filter(pk=primary.pk).update(domicile_id="32.75.03.1001")
    snapshot_refresh(cooperative=Cooperative.objects.get(pk=primary.pk), as_of=member.date)
    result = consolidated_totals(scope=scope)
    assert result.gross["total_assets"] == own.total_assets
    assert result.eliminated["total_assets"] == Decimal("0.00")
    assert result.items == []


CONSOLIDATED = """query($body: ID!) { federationConsolidated(body: $body) {
  cooperativeCount gross { totalAssets } eliminated { totalAssets totalLiabilities }
  net { totalAssets totalEquity savingsTotal } eliminatedItems { key holderSide counterSide }
  note } }"""


def test_federation_api_and_dashboard_show_totals_after_elimination(
    pair, make_user, graphql_client, client
):
    from tests.fixtures.graphql import to_global_id

    sekunder, primary = pair
    sekunder_member_add(sekunder=sekunder, member=primary, joined_on=JOINED)
    _books(sekunder, primary, make_user)
    ketua = make_user(roles={sekunder: "ketua"})
    data = graphql_client(ketua, None).execute(
        CONSOLIDATED, {"body": to_global_id("FederationBody", f"sekunder:{sekunder.slug}")}
    )["federationConsolidated"]
    assert data["cooperativeCount"] == 2
    assert data["gross"]["totalAssets"] == "562100000.00"
    assert data["eliminated"] == {"totalAssets": "12100000.00", "totalLiabilities": "12000000.00"}
    assert data["net"] == {
        "totalAssets": "550000000.00",
        "totalEquity": "550000000.00",
        "savingsTotal": "0.00",
    }
    assert [i["key"] for i in data["eliminatedItems"]] == ["capital", "loans"]
    assert "setelah eliminasi" in data["note"]
