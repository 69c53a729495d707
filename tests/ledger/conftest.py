from __future__ import annotations

from datetime import date

import pytest

from sokoguru.tenants.ledger.services import period_close_confirm, period_close_request


@pytest.fixture
def officers(make_user, coop_a):
    """A bendahara who requests a period close and a ketua who confirms it."""
    return (
        make_user(roles={coop_a: ["bendahara"]}, email="bendahara@uji.id"),
        make_user(roles={coop_a: ["ketua"]}, email="ketua@uji.id"),
    )


@pytest.fixture
def close_period(officers):
    bendahara, ketua = officers

    def close(start: date, end: date):
        period = period_close_request(start_date=start, end_date=end, requested_by_id=bendahara.pk)
        return period_close_confirm(period_id=period.pk, confirmed_by_id=ketua.pk)

    return close
