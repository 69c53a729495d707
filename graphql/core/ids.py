"""Relay global IDs as the APIs accept them."""

from __future__ import annotations

from graphql_relay import from_global_id


def split_global_id(value) -> tuple[str, str]:
    """(type name, key) of a Relay global ID; ("", "") for malformed text or base64."""
    try:
        type_name, key = from_global_id(value)
    except Exception:  # malformed base64 or separator
        return "", ""
    return type_name, key


def id_to_pk(value, type_name: str) -> int | None:
    """The database id named by a Relay ID of ``type_name`` or by a plain number; None when the
    value is neither."""
    raw = str(value or "").strip()
    if raw.isdigit():
        return int(raw)
    found_type, pk = split_global_id(raw)
    if found_type != type_name or not str(pk).isdigit():
        return None
    return int(pk)
