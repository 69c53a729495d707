"""Schema guards (silos): tenant code refuses to run in the public schema and federation code
refuses to run inside a cooperative's schema."""

from __future__ import annotations

from django.db import connection

from sokoguru.platform.core.errors import WrongSchema


def current_schema() -> str:
    return connection.schema_name


def in_public_schema() -> bool:
    return connection.schema_name == "public"


def require_tenant_schema() -> str:
    if in_public_schema():
        raise WrongSchema("Operasi ini harus berjalan di skema sebuah koperasi, bukan publik.")
    return connection.schema_name


def require_public_schema() -> None:
    if not in_public_schema():
        raise WrongSchema("Operasi federasi harus berjalan di skema publik.")
