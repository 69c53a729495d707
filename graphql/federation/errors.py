"""Typed query errors: a domain error becomes a GraphQL error whose ``extensions`` carry
``code`` and ``field`` (camelCase), shown to the client even outside debug."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError

from sokoguru.graphql.core.types import _camel
from sokoguru.graphql.core.views import PublicGraphQLError
from sokoguru.platform.core.errors import SokoguruError, error_list


def public_error(message: str, *, code: str, field: str | None = None) -> PublicGraphQLError:
    return PublicGraphQLError(message, extensions={"code": code, "field": _camel(field)})


def typed_errors(resolver):
    @functools.wraps(resolver)
    def wrapper(*args, **kwargs):
        try:
            return resolver(*args, **kwargs)
        except (SokoguruError, ValidationError) as exc:
            first = error_list(exc)[0]
            raise public_error(first["message"], code=first["code"], field=first["field"]) from exc

    return wrapper
