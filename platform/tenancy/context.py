"""The one home of switching the database connection to a cooperative's schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def cooperative_schema(cooperative) -> Iterator:
    """Run the block in ``cooperative``'s schema; the schema active before (or the public
    schema) is restored afterwards, also on error."""
    previous = getattr(connection, "tenant", None)
    connection.set_tenant(cooperative)
    try:
        yield cooperative
    finally:
        if previous is not None:
            connection.set_tenant(previous)
        else:
            connection.set_schema_to_public()


def switch_to_cooperative(cooperative) -> None:
    """Leave the connection in ``cooperative``'s schema (a benchmark client's thread, a test):
    prefer ``cooperative_schema``, which restores the previous one."""
    connection.set_tenant(cooperative)


@contextmanager
def public_schema() -> Iterator:
    """Run the block in the public schema (the registry); the schema active before is restored
    afterwards, also on error."""
    previous = getattr(connection, "tenant", None)
    connection.set_schema_to_public()
    try:
        yield
    finally:
        if previous is not None and previous.schema_name != "public":
            connection.set_tenant(previous)
