"""Fixtures for the meeting tests in cooperative A: officers with roles, a number of members
with voting rights, a RAT planned for fiscal year 2025 (rolled back after each test)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.meetings.services import meeting_create
from sokoguru.tenants.members.services import members_bulk_register, members_status_bulk_change
from tests.fixtures.members import make_nik

RAT_DAY = date(2026, 3, 14)
_serial = itertools.count(5000)


@pytest.fixture
def officers(in_coop_a, make_user):
    return {role: make_user(roles={in_coop_a: role}) for role in ("ketua", "sekretaris", "kasir")}


@pytest.fixture
def members(in_coop_a):
    """``members(n)``: n active members (voting rights), by member number."""

    def make(count: int):
        rows = [
            {
                "full_name": f"Anggota {next(_serial)}",
                "nik": make_nik(serial=next(_serial) % 10000),
                "joined_on": date(2024, 1, 2),
            }
            for _ in range(count)
        ]
        created = members_bulk_register(created_by_id=SYSTEM, rows=rows)
        members_status_bulk_change(
            changes={m.pk: "active" for m in created}, on=date(2024, 1, 2), reason="pokok lunas"
        )
        for m in created:
            m.refresh_from_db()
        return created

    return make


@pytest.fixture
def bylaws(in_coop_a):
    """``bylaws(**fields)``: change the version in force (test set-up only)."""

    def change(**fields):
        BylawsVersion.objects.update(**fields)

    return change


@pytest.fixture
def rat(in_coop_a, officers):
    return meeting_create(
        kind="rat",
        fiscal_year=2025,
        date=RAT_DAY,
        place="Balai RW 01",
        mode="in_person",
        created_by_id=officers["sekretaris"].pk,
    )
