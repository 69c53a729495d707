"""The GraphQL view shared by both APIs: graphql-core's standard validation plus our limits
(``limits.py``), CSRF protection for cookie-authenticated requests, one error shape
(``message`` + ``extensions.code`` / ``extensions.field``), error masking outside debug, GraphiQL
only in debug."""

from __future__ import annotations

import logging
from decimal import InvalidOperation
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.views import GraphQLView, HttpError
from graphql.error import GraphQLSyntaxError

from graphql import (
    ExecutionResult,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from sokoguru.graphql.core import limits
from sokoguru.platform.core.errors import SokoguruError, error_list

logger = logging.getLogger("sokoguru.graphql")

MASKED_MESSAGE = "Terjadi kesalahan internal. / Internal error."
INVALID_VALUE_MESSAGE = "Nilai tidak valid. / Invalid value."
# Bodies a browser may send cross-site without a CORS preflight ("simple" requests).
SIMPLE_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}


class PublicGraphQLError(GraphQLError):
    """An error whose message is meant for the client (shown even outside debug)."""


def validation_rules() -> tuple:
    """graphql-core's standard rules, and schema introspection off unless enabled (read per
    request, so the setting applies without rebuilding the view)."""
    rules = list(specified_rules)
    if not limits.introspection_enabled():
        rules.append(limits.DisableSchemaIntrospection)
    return tuple(rules)


def _is_public(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:
        # Syntax, validation (depth, aliases, unknown fields) and our own GraphQLErrors.
        return True
    return isinstance(original, GraphQLError | SokoguruError | ValidationError)


def _bad_request(message: str, code: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status=status
    )


def _same_origin(request) -> bool:
    """True unless the browser says the request comes from another origin."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        referer = request.META.get("HTTP_REFERER")
        if not referer or not request.is_secure():
            return True
        origin = referer
    parsed = urlsplit(origin)
    return parsed.netloc.lower() == request.get_host().lower()


@method_decorator(csrf_exempt, name="dispatch")
class SokoguruGraphQLView(GraphQLView):
    """Requests authenticate with the session of this host (browsers: a JSON body from this
    origin, or a CSRF token) or with a bearer token of this host (API clients, no CSRF)."""

    schema_path: str | None = None

    def __init__(self, schema_path: str | None = None, **kwargs):
        if schema_path is not None:
            from importlib import import_module

            from sokoguru.graphql.sdl import SCHEMAS

            kwargs["schema"] = import_module(SCHEMAS[schema_path][0]).schema
        kwargs.setdefault("graphiql", settings.DEBUG)
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and not self.graphiql:
            return JsonResponse({"errors": [{"message": "Use POST."}]}, status=405)
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > settings.GRAPHQL_MAX_BODY_BYTES:
            return _bad_request(
                f"Permintaan terlalu besar (maksimum {settings.GRAPHQL_MAX_BODY_BYTES} byte). / "
                "Request body too large.",
                "request_too_large",
                status=413,
            )
        refusal = self.csrf_refusal(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def csrf_refusal(request):
        """Cookie-authenticated POSTs: a simple (form) body needs Django's CSRF token; any body
        from a foreign origin is refused. Bearer-token requests carry no ambient credentials."""
        if request.method != "POST" or getattr(request, "api_token", None) is not None:
            return None
        if not _same_origin(request):
            return _bad_request(
                "Asal permintaan tidak diizinkan. / Cross-origin request refused.",
                "csrf_failed",
                status=403,
            )
        content_type = GraphQLView.get_content_type(request)
        if content_type in SIMPLE_CONTENT_TYPES or not content_type:
            failure = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if failure is not None:
                return _bad_request(
                    "Token CSRF tidak ada atau salah. / CSRF token missing or incorrect.",
                    "csrf_failed",
                    status=403,
                )
        return None

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        if not isinstance(query, str) or (
            variables is not None and not isinstance(variables, dict)
        ):
            return ExecutionResult(
                errors=[GraphQLError("Permintaan tidak valid. / Malformed request.")]
            )
        try:
            document = parse(query, max_tokens=settings.GRAPHQL_MAX_TOKENS)
        except GraphQLSyntaxError as exc:
            return ExecutionResult(errors=[exc])
        schema = self.schema.graphql_schema
        # Our limits first (one cheap walk, safe on unknown or cyclic fragments), so a costly
        # document is refused before the standard rules' pairwise field comparisons run.
        errors = limits.limit_errors(document) or validate(
            schema, document, validation_rules(), max_errors=20
        )
        if errors:
            return ExecutionResult(data=None, errors=errors)
        operation = get_operation_ast(document, operation_name)
        if request.method.lower() == "get" and (
            operation is None or operation.operation != OperationType.QUERY
        ):
            return None if show_graphiql else ExecutionResult(errors=[GraphQLError("Use POST.")])
        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
        }
        try:
            if operation is not None and operation.operation == OperationType.MUTATION:
                with transaction.atomic():
                    result = execute(schema, document, **options)
                    if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                        transaction.set_rollback(True)
                return result
            return execute(schema, document, **options)
        except Exception as exc:  # noqa: BLE001 - reported as a (masked) GraphQL error
            return ExecutionResult(errors=[GraphQLError(str(exc), original_error=exc)])

    @staticmethod
    def format_error(error):
        formatted = GraphQLView.format_error(error)
        if not isinstance(error, GraphQLError):
            return formatted
        original = error.original_error
        extensions = dict(formatted.get("extensions") or {})
        if isinstance(original, SokoguruError | ValidationError):
            first = error_list(original)[0]
            formatted["message"] = "; ".join(e["message"] for e in error_list(original))
            extensions.update(code=first["code"], field=_camel(first["field"]))
        elif isinstance(original, InvalidOperation | DataError | OverflowError):
            # A value the database or decimal arithmetic cannot hold: the client's mistake.
            formatted["message"] = INVALID_VALUE_MESSAGE
            extensions = {"code": "invalid"}
            logger.info("GraphQL value out of range: %s", type(original).__name__)
        elif not _is_public(error):
            logger.error("GraphQL resolver error", exc_info=original)
            if not settings.DEBUG:
                formatted["message"] = MASKED_MESSAGE
                extensions = {"code": "internal_error"}
            else:
                extensions.setdefault("code", "internal_error")
        elif original is None:
            extensions.setdefault("code", "graphql_validation" if error.locations else "invalid")
        else:
            extensions.setdefault("code", "invalid")
        extensions.setdefault("field", None)
        formatted["extensions"] = extensions
        return formatted


def _camel(name: str | None) -> str | None:
    if not name:
        return name
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
