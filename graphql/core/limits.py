"""Limits of one GraphQL request, in one place: body size, tokens, depth, aliases and a computed
cost per operation, and the introspection switch.

Our limits are one walk over the document that tolerates unknown and cyclic fragments; they run
before graphql-core's standard rules (``specified_rules``: unknown fields and arguments, variable
types, unknown or cyclic fragments, …), so every broken or costly document is a clean 400.
"""

from __future__ import annotations

from django.conf import settings
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
)
from graphql.validation import ValidationRule

from graphql import GraphQLError

# Only schema introspection is switched off in production; ``__typename`` stays (clients need it).
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def introspection_enabled() -> bool:
    return bool(settings.GRAPHQL_INTROSPECTION)


class DisableSchemaIntrospection(ValidationRule):
    def enter_field(self, node: FieldNode, *_args):
        if node.name.value in INTROSPECTION_FIELDS:
            self.report_error(
                GraphQLError(
                    "Introspeksi skema dimatikan. / Schema introspection is disabled.",
                    node,
                    extensions={"code": "introspection_disabled"},
                )
            )


def _walk(selection_set, fragments, depth, seen, totals):
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            totals["cost"] += 1
            if selection.alias is not None:
                totals["aliases"] += 1
            totals["depth"] = max(totals["depth"], depth + 1)
            _walk(selection.selection_set, fragments, depth + 1, seen, totals)
        elif isinstance(selection, InlineFragmentNode):
            _walk(selection.selection_set, fragments, depth, seen, totals)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:  # refused by the standard rules already
                continue
            _walk(fragment.selection_set, fragments, depth, seen | {name}, totals)
        if totals["cost"] > settings.GRAPHQL_MAX_COST:
            return  # no need to count further


def operation_measures(document: DocumentNode) -> dict[str, dict[str, int]]:
    """Per operation: field count with fragments expanded (duplicates count), depth, aliases."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    out = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            totals = {"cost": 0, "depth": 0, "aliases": 0}
            _walk(definition.selection_set, fragments, 0, frozenset(), totals)
            out[definition.name.value if definition.name else ""] = totals
    return out


def limit_errors(document: DocumentNode) -> list[GraphQLError]:
    errors = []
    for name, m in operation_measures(document).items():
        label = f" ({name})" if name else ""
        if m["depth"] > settings.GRAPHQL_MAX_DEPTH:
            errors.append(
                GraphQLError(
                    f"Kueri terlalu dalam{label}: maksimum {settings.GRAPHQL_MAX_DEPTH}. / "
                    f"Query depth exceeds the maximum of {settings.GRAPHQL_MAX_DEPTH}.",
                    extensions={"code": "query_too_deep"},
                )
            )
        if m["aliases"] > settings.GRAPHQL_MAX_ALIASES:
            errors.append(
                GraphQLError(
                    f"Terlalu banyak alias{label} (maksimum {settings.GRAPHQL_MAX_ALIASES}). / "
                    f"Too many aliases (max {settings.GRAPHQL_MAX_ALIASES}).",
                    extensions={"code": "too_many_aliases"},
                )
            )
        if m["cost"] > settings.GRAPHQL_MAX_COST:
            errors.append(
                GraphQLError(
                    f"Kueri terlalu mahal{label}: lebih dari {settings.GRAPHQL_MAX_COST} field. / "
                    f"Query too costly: more than {settings.GRAPHQL_MAX_COST} fields.",
                    extensions={"code": "query_too_costly"},
                )
            )
    return errors
