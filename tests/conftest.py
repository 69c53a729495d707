"""Test harness: two cooperatives whose schemas are created once per test session; each test's
rows are rolled back; a GraphQL client that posts to a given host as a given user."""

from __future__ import annotations

pytest_plugins = ["tests.fixtures.tenancy", "tests.fixtures.graphql"]
