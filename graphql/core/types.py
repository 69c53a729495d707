"""Shared GraphQL building blocks: typed errors, the mutation base, money."""

from __future__ import annotations

from decimal import Decimal

import graphene
from django.core.exceptions import ValidationError
from graphene.types.scalars import Scalar
from graphql.language import ast

from graphql import GraphQLError
from sokoguru.platform.core.errors import SokoguruError, error_list
from sokoguru.platform.core.money import parse_api_amount

MONEY_ERROR = (
    'Jumlah uang tidak valid: tulis angka rupiah tanpa spasi, mis. "100000" atau '
    '"100000.50". / Invalid amount.'
)


class Money(Scalar):
    """Rupiah amount as a decimal string with two places, e.g. "1100000.00"."""

    @staticmethod
    def serialize(value):
        return f"{Decimal(value).quantize(Decimal('0.01'))}"

    @staticmethod
    def parse_value(value):
        try:
            return parse_api_amount(value)
        except ValueError:
            raise GraphQLError(MONEY_ERROR, extensions={"code": "invalid"}) from None

    @staticmethod
    def parse_literal(node, _variables=None):
        if isinstance(node, ast.StringValueNode | ast.IntValueNode):
            return Money.parse_value(node.value)
        raise GraphQLError(MONEY_ERROR, extensions={"code": "invalid"})


class Error(graphene.ObjectType):
    field = graphene.String(description="Input field the error is about (camelCase), or null.")
    code = graphene.String(required=True)
    message = graphene.String(required=True)


def _camel(name: str | None) -> str | None:
    if not name:
        return name
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def enum_value(value):
    """The plain value of a graphene enum argument; anything else (a string, None) as is."""
    return getattr(value, "value", value)


def to_errors(exc: Exception) -> list[Error]:
    return [
        Error(field=_camel(e["field"]), code=e["code"], message=e["message"])
        for e in error_list(exc)
    ]


class BaseMutation(graphene.Mutation):
    """A thin mutation: subclasses implement ``perform(root, info, **input)`` returning a dict of
    payload fields; domain and validation errors come back as typed ``errors``."""

    errors = graphene.List(graphene.NonNull(Error), required=True)

    class Meta:
        abstract = True

    @classmethod
    def perform(cls, root, info, **data):  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            payload = cls.perform(root, info, **data) or {}
        except (SokoguruError, ValidationError) as exc:
            return cls(errors=to_errors(exc))
        return cls(errors=[], **payload)


class CountableConnection(graphene.relay.Connection):
    """Relay connection with the total count of the filtered list."""

    total_count = graphene.Int(required=True)

    class Meta:
        abstract = True

    @staticmethod
    def resolve_total_count(root, info):
        return root.length
