"""Period close: who may ask, who may confirm, who may withdraw — refused in the service, with
nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.ledger.models import FiscalPeriod
from sokoguru.tenants.ledger.services import (
    period_close_cancel,
    period_close_confirm,
    period_close_request,
)

JAN = dict(start_date=date(2026, 1, 1), end_date=date(2026, 1, 31))


def test_a_user_without_a_role_in_the_cooperative_cannot_request_a_close(
    in_coop_a, make_user, coop_b
):
    # given: a user who is ketua of another cooperative only
    stranger = make_user(roles={coop_b: ["ketua"]})
    # when / then
    with pytest.raises(PermissionDenied) as exc:
        period_close_request(**JAN, requested_by_id=stranger.pk)
    assert exc.value.field == "requested_by_id"
    assert FiscalPeriod.objects.count() == 0


@pytest.mark.parametrize("role", ["kasir", "sekretaris", "pengawas", "anggota"])
def test_only_bendahara_or_ketua_may_request(in_coop_a, make_user, coop_a, role):
    # given
    user = make_user(roles={coop_a: [role]})
    # when / then
    with pytest.raises(PermissionDenied):
        period_close_request(**JAN, requested_by_id=user.pk)
    assert FiscalPeriod.objects.count() == 0


def test_a_pengawas_cannot_confirm_a_close(in_coop_a, make_user, coop_a, officers):
    # given
    bendahara, _ketua = officers
    pengawas = make_user(roles={coop_a: ["pengawas"]})
    period = period_close_request(**JAN, requested_by_id=bendahara.pk)
    # when / then
    with pytest.raises(PermissionDenied) as exc:
        period_close_confirm(period_id=period.pk, confirmed_by_id=pengawas.pk)
    assert exc.value.field == "confirmed_by_id"
    period.refresh_from_db()
    assert (period.status, period.confirmed_by_id) == ("requested", None)


def test_the_ketua_may_ask_and_the_bendahara_confirm(in_coop_a, officers):
    # given
    bendahara, ketua = officers
    period = period_close_request(**JAN, requested_by_id=ketua.pk)
    # when
    period_close_confirm(period_id=period.pk, confirmed_by_id=bendahara.pk)
    # then
    period.refresh_from_db()
    assert period.status == "closed"


def test_a_kasir_cannot_withdraw_a_close_request(in_coop_a, make_user, coop_a, officers):
    # given
    bendahara, _ketua = officers
    kasir = make_user(roles={coop_a: ["kasir"]})
    period = period_close_request(**JAN, requested_by_id=bendahara.pk)
    # when / then
    with pytest.raises(PermissionDenied):
        period_close_cancel(period_id=period.pk, cancelled_by_id=kasir.pk)
    period.refresh_from_db()
    assert period.status == "requested"
