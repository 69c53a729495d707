from __future__ import annotations

from graphql_relay import from_global_id

from sokoguru.platform.core.errors import NotFound


def pk_from_global_id(global_id: str, *, type_name: str, field: str) -> int:
    """The primary key behind a Relay global ID of ``type_name``; NotFound naming ``field``."""
    try:
        found_type, pk = from_global_id(global_id)
        if found_type != type_name:
            raise ValueError(found_type)
        return int(pk)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise NotFound(f"{type_name} tidak ditemukan: {global_id!r}.", field=field)
