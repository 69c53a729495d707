"""Relay global IDs, bound to the cooperative (or the platform) that issued them — the one
decoder both APIs use.

An id is base64 of ``"<Type>:<schema>:<key>"``: ``Member:coop_hj_rw02:107`` read on hj-rw01's
host names no row there. A foreign, malformed or bare-number id is "not found" (code
``not_found``), never another cooperative's row.
"""

from __future__ import annotations

import graphene
from django.db import connection
from graphene.relay.id_type import BaseGlobalIDType
from graphql_relay import from_global_id, to_global_id

from sokoguru.platform.core.errors import NotFound

ID_ERROR_CODE = "not_found"


def _schema() -> str:
    return connection.schema_name or "public"


def encode_id(type_name: str, key) -> str:
    """The global ID of ``key`` of ``type_name`` in the current cooperative (or platform)."""
    return to_global_id(type_name, f"{_schema()}:{key}")


def split_global_id(value) -> tuple[str, str]:
    """(type name, key) of a global ID issued by this host; ("", "") for malformed text, a bare
    number or an id from another cooperative."""
    if not isinstance(value, str) or not value.strip():
        return "", ""
    try:
        type_name, rest = from_global_id(value.strip())
    except Exception:  # malformed base64, separator or text
        return "", ""
    schema, sep, key = (rest or "").partition(":")
    if not type_name or not sep or schema != _schema() or not key:
        return "", ""
    return type_name, key


def id_to_pk(value, type_name: str) -> int | None:
    """The database id named by a global ID of ``type_name`` from this host; None otherwise."""
    found_type, key = split_global_id(value)
    if found_type != type_name or not key.isdigit() or len(key) > 18:
        return None
    return int(key)


def _not_found(type_name: str, field: str) -> NotFound:
    message = f"{type_name} tidak ditemukan. / {type_name} not found."
    return NotFound(message, field=field, code=ID_ERROR_CODE)


def decode_id(value, type_name: str, *, field: str) -> int:
    """``id_to_pk`` or NotFound naming ``field`` (the one error for every bad id)."""
    pk = id_to_pk(value, type_name)
    if pk is None:
        raise NotFound(
            f"{type_name} tidak ditemukan. / {type_name} not found.",
            field=field,
            code=ID_ERROR_CODE,
        )
    return pk


def decode_key(value, type_name: str, *, field: str) -> str:
    """Like ``decode_id`` for ids whose key is text (federation bodies)."""
    found_type, key = split_global_id(value)
    if found_type != type_name:
        raise NotFound(
            f"{type_name} tidak ditemukan. / {type_name} not found.",
            field=field,
            code=ID_ERROR_CODE,
        )
    return key


class BoundGlobalIDType(BaseGlobalIDType):
    graphene_type = graphene.ID

    @classmethod
    def resolve_global_id(cls, info, global_id):
        return split_global_id(global_id)

    @classmethod
    def to_global_id(cls, _type, _id):
        return encode_id(_type, _id)


class Node(graphene.relay.Node):
    """An object with an ID"""

    class Meta:
        name = "Node"
        global_id_type = BoundGlobalIDType

    @classmethod
    def get_node_from_global_id(cls, info, global_id, only_type=None):
        type_name, key = cls.resolve_global_id(info, global_id)
        if not type_name:
            return None
        graphene_type = info.schema.get_type(type_name)
        graphene_type = getattr(graphene_type, "graphene_type", None)
        if graphene_type is None or cls not in graphene_type._meta.interfaces:
            return None
        if only_type is not None and graphene_type is not only_type:
            return None
        get_node = getattr(graphene_type, "get_node", None)
        return get_node(info, key) if get_node else None
