"""Relay connection field with the page-size cap as a client-visible error."""

from __future__ import annotations

from graphene_django import DjangoConnectionField
from graphql_relay import cursor_to_offset

from sokoguru.graphql.core.views import PublicGraphQLError

MAX_CURSOR_OFFSET = 10**9


def _valid_cursor(cursor) -> bool:
    """An ``arrayconnection`` cursor whose offset a database can hold."""
    offset = cursor_to_offset(cursor) if isinstance(cursor, str) else None
    return offset is not None and 0 <= offset <= MAX_CURSOR_OFFSET


class ConnectionField(DjangoConnectionField):
    """``DjangoConnectionField`` (queryset slicing, RELAY_CONNECTION_MAX_LIMIT) whose page-size
    refusal is a public error rather than an internal assertion."""

    @classmethod
    def connection_resolver(
        cls,
        resolver,
        connection,
        default_manager,
        queryset_resolver,
        max_limit,
        enforce_first_or_last,
        root,
        info,
        **args,
    ):
        for name in ("first", "last"):
            value = args.get(name)
            if value is not None and (value < 0 or (max_limit and value > max_limit)):
                raise PublicGraphQLError(
                    f"`{name}` harus antara 0 dan {max_limit}. / Requesting {value} records "
                    f"exceeds the `{name}` limit of {max_limit} records."
                )
        for name in ("after", "before"):
            cursor = args.get(name)
            if cursor is not None and not _valid_cursor(cursor):
                raise PublicGraphQLError(
                    f"Kursor `{name}` tidak valid. / Invalid `{name}` cursor.",
                    extensions={"code": "invalid", "field": name},
                )
        return super().connection_resolver(
            resolver,
            connection,
            default_manager,
            queryset_resolver,
            max_limit,
            enforce_first_or_last,
            root,
            info,
            **args,
        )
