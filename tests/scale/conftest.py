"""Fixtures of the scale tests."""

from __future__ import annotations

import pytest
from django.db import connection

from sokoguru.platform.bench.provision import cooperative_remove
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.services import cooperative_provision

HARAPAN_JAYA = "32.75.03.1001"


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Real commits (worker processes and other connections must see the rows); every
    cooperative made through ``provision`` is removed afterwards."""
    slugs: list[str] = []

    def provision(slug: str) -> Cooperative:
        slugs.append(slug)
        return cooperative_provision(
            name=f"Koperasi {slug}", slug=slug, kind="primary_rw", domicile_code=HARAPAN_JAYA
        )

    if not connection.settings_dict["NAME"].startswith("test_"):
        # pytest-django sets the test database up only when a selected test uses `db`.
        pytest.fail("committed tests need the test database: select a `db` test with them")
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        yield provision
        connection.set_schema_to_public()
        for slug in slugs:
            cooperative_remove(slug)
