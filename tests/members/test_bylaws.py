from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import NotFound
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.selectors import bylaws_current, bylaws_list
from sokoguru.tenants.bylaws.services import bylaws_version_create


def test_default_bylaws_installed_for_new_cooperative(in_coop_a):
    # when
    current = bylaws_current(as_of=date(2026, 11, 1))
    # then: an RW cooperative's defaults
    assert current.pokok_amount == Decimal("100000.00")
    assert current.wajib_monthly_amount == Decimal("20000.00")
    assert current.sukarela_monthly_rate == Decimal("0.0000")
    assert (current.wajib_flag_after_months, current.wajib_inactive_after_months) == (3, 6)
    assert sum(current.shu_allocation.values()) == Decimal("100.00")
    assert set(current.shu_allocation) == {
        "cadangan",
        "jasa_modal",
        "jasa_usaha",
        "pengurus",
        "karyawan",
        "pendidikan",
        "sosial",
        "pembangunan_daerah",
        "lain",
    }


def test_opd_cooperative_defaults(in_coop_b):
    current = bylaws_current(as_of=date(2026, 11, 1))
    assert (current.pokok_amount, current.wajib_monthly_amount) == (
        Decimal("250000.00"),
        Decimal("100000.00"),
    )


def test_new_version_keeps_history_and_carries_parameters(in_coop_a):
    # when
    version = bylaws_version_create(
        effective_from=date(2026, 7, 1),
        wajib_monthly_amount=Decimal("25000.00"),
        sukarela_monthly_rate=Decimal("0.5"),
        decided_at="RAT 2026",
        created_by_id=SYSTEM,
    )
    # then
    assert version.pokok_amount == Decimal("100000.00")
    assert bylaws_current(as_of=date(2026, 6, 30)).wajib_monthly_amount == Decimal("20000.00")
    assert bylaws_current(as_of=date(2026, 7, 1)).wajib_monthly_amount == Decimal("25000.00")
    assert bylaws_current(as_of=date(2026, 7, 1)).sukarela_monthly_rate == Decimal("0.5000")
    assert bylaws_list().count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"shu_cadangan_pct": Decimal("30.00")}, "shu_allocation"),
        (
            {"wajib_flag_after_months": 6, "wajib_inactive_after_months": 3},
            "wajib_inactive_after_months",
        ),
        ({"pokok_amount": Decimal("0")}, "pokok_amount"),
        ({"wajib_monthly_amount": Decimal("-5")}, "wajib_monthly_amount"),
        ({"sukarela_monthly_rate": Decimal("-1")}, "sukarela_monthly_rate"),
        ({"rat_quorum_percent": Decimal("120")}, "rat_quorum_percent"),
        ({"pokok_amount": Decimal("100000.50")}, "pokok_amount"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_bylaws_name_the_field_and_write_nothing(in_coop_a, values, field):
    # when
    with pytest.raises(ValidationError) as excinfo:
        bylaws_version_create(effective_from=date(2026, 7, 1), created_by_id=SYSTEM, **values)
    # then
    assert field in excinfo.value.message_dict
    assert BylawsVersion.objects.count() == 1


def test_no_bylaws_before_first_version(in_coop_a):
    with pytest.raises(NotFound) as excinfo:
        bylaws_current(as_of=date(1999, 12, 31))
    assert excinfo.value.field == "as_of"


def test_rat_quorum_rule(in_coop_a):
    current = bylaws_current()
    assert current.rat_quorum_required(100) == 51  # more than half
    current.rat_quorum_more_than = False
    current.rat_quorum_percent = Decimal("66.67")
    assert current.rat_quorum_required(30) == 21
