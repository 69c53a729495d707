from __future__ import annotations

from graphene_django import DjangoConnectionField

from sokoguru.graphql.core.views import PublicGraphQLError


class CappedConnectionField(DjangoConnectionField):
    """A Relay connection whose page-size cap is reported to the client as a clear error."""

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
                    f"`{name}` harus antara 0 dan {max_limit}. / "
                    f"`{name}` exceeds the page limit of {max_limit} records."
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
