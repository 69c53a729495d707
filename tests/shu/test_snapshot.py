"""Oversight snapshots carry the SHU of the last closed year and whether it was distributed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection

from sokoguru.federation.snapshots.services import snapshot_refresh
from sokoguru.tenants.shu.services import (
    shu_distribute,
    shu_proposal_approve,
    shu_proposal_create,
)
from tests.shu.conftest import close_year


def test_snapshot_shows_last_closed_year_shu_and_its_distribution(year_2025, coop_a):
    # given 2025 closed, proposed and approved, not yet distributed
    officers = year_2025.officers
    close_year(officers)
    proposal = shu_proposal_create(fiscal_year=2025, proposed_by_id=officers["bendahara"].pk)
    shu_proposal_approve(
        proposal_id=proposal.pk,
        decided_on=date(2026, 3, 1),
        reference="05/RAT/2026",
        approved_by_id=officers["ketua"].pk,
    )
    connection.set_schema_to_public()
    before = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 3, 10))
    assert (before.shu_last_year, before.shu_last_amount, before.shu_last_distributed) == (
        2025,
        Decimal("1100000.00"),
        False,
    )

    # when distributed
    connection.set_tenant(coop_a)
    shu_distribute(
        proposal_id=proposal.pk,
        distributed_on=date(2026, 3, 15),
        distributed_by_id=officers["ketua"].pk,
    )
    connection.set_schema_to_public()
    after = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 3, 31))

    # then
    assert after.shu_last_distributed is True
    assert after.shu_last_distributed_on == date(2026, 3, 15)
    # a back-filled date before the distribution still shows it undistributed
    earlier = snapshot_refresh(cooperative=coop_a, as_of=date(2026, 3, 12))
    assert earlier.shu_last_distributed is False
