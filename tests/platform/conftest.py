"""Fixtures the platform tests share with the members tests."""

from tests.fixtures.members import register_member  # noqa: F401
