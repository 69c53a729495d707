"""Relay connection field with the page-size cap as a client-visible error."""

from __future__ import annotations

from graphene_django import DjangoConnectionField

from sokoguru.graphql.core.views import PublicGraphQLError


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
