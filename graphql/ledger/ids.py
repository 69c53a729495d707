from __future__ import annotations

from sokoguru.graphql.core.ids import decode_id


def pk_from_global_id(global_id: str, *, type_name: str, field: str) -> int:
    """The primary key behind a global ID of ``type_name``; NotFound naming ``field``."""
    return decode_id(global_id, type_name, field=field)
