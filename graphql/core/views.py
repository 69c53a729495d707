"""The GraphQL view shared by both APIs: depth and alias limits, introspection switch, error
masking outside debug, GraphiQL only in debug."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene.validation import DisableIntrospection, depth_limit_validator
from graphene_django.views import GraphQLView
from graphql.validation import ValidationRule

from graphql import GraphQLError
from sokoguru.platform.core.errors import SokoguruError

logger = logging.getLogger("sokoguru.graphql")

MASKED_MESSAGE = "Terjadi kesalahan internal. / Internal error."


class PublicGraphQLError(GraphQLError):
    """An error whose message is meant for the client (shown even outside debug)."""


def alias_limit_validator(max_aliases: int):
    class AliasLimit(ValidationRule):
        def __init__(self, context):
            super().__init__(context)
            self.count = 0

        def enter_field(self, node, *_args):
            if node.alias is not None:
                self.count += 1
                if self.count == max_aliases + 1:
                    self.report_error(
                        GraphQLError(
                            f"Terlalu banyak alias (maksimum {max_aliases}). / "
                            f"Too many aliases (max {max_aliases}).",
                            node,
                        )
                    )

    return AliasLimit


def validation_rules() -> tuple:
    rules = [
        depth_limit_validator(max_depth=settings.GRAPHQL_MAX_DEPTH),
        alias_limit_validator(settings.GRAPHQL_MAX_ALIASES),
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        rules.append(DisableIntrospection)
    return tuple(rules)


def _is_public(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:
        # Syntax, validation (depth, aliases, unknown fields) and our own GraphQLErrors.
        return True
    return isinstance(original, PublicGraphQLError | SokoguruError)


@method_decorator(csrf_exempt, name="dispatch")
class SokoguruGraphQLView(GraphQLView):
    """Requests authenticate with the session of this host."""

    schema_path: str | None = None

    def __init__(self, schema_path: str | None = None, **kwargs):
        if schema_path is not None:
            from importlib import import_module

            from sokoguru.graphql.sdl import SCHEMAS

            kwargs["schema"] = import_module(SCHEMAS[schema_path][0]).schema
        kwargs.setdefault("graphiql", settings.DEBUG)
        kwargs.setdefault("validation_rules", validation_rules())
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and not self.graphiql:
            return JsonResponse({"errors": [{"message": "Use POST."}]}, status=405)
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def format_error(error):
        formatted = GraphQLView.format_error(error)
        if isinstance(error, GraphQLError) and not _is_public(error):
            logger.error("GraphQL resolver error", exc_info=error.original_error)
            if not settings.DEBUG:
                formatted["message"] = MASKED_MESSAGE
                formatted.pop("extensions", None)
        return formatted
