"""A sekunder's SHU and RAT run on the same apps as a primary's: its members are cooperatives,
jasa modal from their pokok/wajib, jasa usaha from the jasa paid on inter-cooperative loans,
votes weighted per the by-laws."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.tenants.intercoop import services
from tests.intercoop.test_loans import _disbursed_loan


def test_sekunder_shu_counts_member_cooperatives_capital_and_loan_jasa(pair, make_user):
    from sokoguru.tenants.bylaws.services import bylaws_version_create
    from sokoguru.tenants.members.models import Member
    from sokoguru.tenants.shu.selectors import shu_compute

    sekunder, primary = pair
    services.capital_pay(
        sekunder=sekunder,
        primary=primary,
        kind="pokok",
        amount=Decimal("100000"),
        date=date(2026, 2, 3),
        idempotency_key="pokok",
        created_by_id=make_user(roles={primary: "bendahara"}).pk,
    )
    loan, ketua = _disbursed_loan(sekunder, primary, make_user)
    services.loan_repay(
        primary=primary,
        reference=loan.reference,
        amount=Decimal("1120000"),
        date=date(2026, 3, 10),
        idempotency_key="1",
        created_by_id=ketua.pk,
    )
    with cooperative_schema(sekunder):
        bylaws_version_create(
            effective_from=date(2026, 1, 1),
            shu_participation_sources="intercoop_loan_jasa",
            created_by_id=SYSTEM,
        )
        member = Member.objects.get(cooperative_id=primary.pk)
        result = shu_compute(fiscal_year=2026, as_of=date(2026, 3, 31))
    # the SHU is the jasa the member cooperative paid; it is the only member, so it gets all
    # of the members' jasa modal and jasa usaha pools
    assert result.shu == Decimal("120000.00")
    [share] = [s for s in result.shares if s.member_id == member.pk]
    assert share.participation == Decimal("120000.00")
    assert share.simpanan > 0
    assert share.jasa_usaha > 0 and share.jasa_modal > 0
    assert [s.member_id for s in result.shares if s.gross] == [member.pk]
