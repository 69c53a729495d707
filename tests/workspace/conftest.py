"""Fixtures for the workspace pages: officers of cooperative A, a client on its host logged in
as one of them, funds in the cooperative's cash."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client

from tests.fixtures.graphql import host_of, login
from tests.fixtures.loans import cooperative_fund
from tests.fixtures.members import register_member  # noqa: F401 - a fixture


@dataclass
class Pages:
    """GET/POST on the cooperative's host as one officer; the connection points at the
    cooperative's schema again afterwards, so a test reads the ledger directly."""

    client: Client
    cooperative: object

    def get(self, path, data=None, **extra):
        response = self.client.get(path, data, HTTP_HOST=host_of(self.cooperative), **extra)
        connection.set_tenant(self.cooperative)
        return response

    def post(self, path, data=None, **extra):
        response = self.client.post(path, data, HTTP_HOST=host_of(self.cooperative), **extra)
        connection.set_tenant(self.cooperative)
        return response


@pytest.fixture
def officers(coop_a, make_user):
    return {
        role: make_user(roles={coop_a: role}, email=f"{role}@uji-ruang.id")
        for role in ("bendahara", "ketua", "kasir", "pengawas")
    }


@pytest.fixture
def pages(coop_a, officers):
    """``pages("bendahara")``: a client logged in on cooperative A's host as that officer."""

    def make(role: str) -> Pages:
        client = Client()
        login(client, officers[role], coop_a)
        return Pages(client=client, cooperative=coop_a)

    return make


@pytest.fixture
def funded(in_coop_a):
    """Rp 20.000.000 in cooperative A's cash (a grant), so loans can be disbursed."""
    from decimal import Decimal

    cooperative_fund(Decimal("20000000"))
    return in_coop_a
