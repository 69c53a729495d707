"""The ministry-data dimensions a snapshot carries from the cooperative's own books: officers
serving on the snapshot date (pengurus and pengawas) and the employees its profile records."""

from __future__ import annotations

from datetime import date

from sokoguru.federation.snapshots.compute import organisation_figures
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.members.services import officer_assign, officer_end
from sokoguru.tenants.profile.selectors import profile_get
from tests.fixtures.members import register_member  # noqa: F401


def test_officers_serving_and_employees(in_coop_a, register_member):  # noqa: F811
    # given: a ketua and a bendahara serving, a pengawas, a sekretaris whose term ended
    people = [register_member(full_name=n, pokok_on=date(2026, 1, 5)) for n in "ABCD"]
    for member, role in zip(people, ["ketua", "bendahara", "pengawas", "sekretaris"], strict=True):
        officer_assign(
            member_id=member.pk,
            role=role,
            term_start=date(2026, 2, 1),
            term_end=date(2029, 1, 31),
            created_by_id=SYSTEM,
        )
    from sokoguru.tenants.members.models import Officer

    sekretaris = Officer.objects.get(role="sekretaris")
    officer_end(officer_id=sekretaris.pk, ended_on=date(2026, 6, 30), created_by_id=SYSTEM)
    profile = profile_get()
    profile.employees = 4
    profile.save()
    # then: on 1 July the ketua and bendahara, one pengawas, four employees
    assert organisation_figures(as_of=date(2026, 7, 1)) == {
        "managers_count": 2,
        "supervisors_count": 1,
        "employees_count": 4,
    }
    assert organisation_figures(as_of=date(2026, 3, 1))["managers_count"] == 3
    assert organisation_figures(as_of=date(2026, 1, 15))["managers_count"] == 0
