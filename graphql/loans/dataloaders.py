"""Fixed query counts for loan lists.

Lists prefetch the schedule and repayments of the loans on the page only when the query asks
for them (one query each, whatever the page size), and the funding-queue positions are read
once per request for every loan that shows one."""

from __future__ import annotations

from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode

from sokoguru.tenants.loans.selectors import queue_positions


def requested_fields(info) -> set[str]:
    """Every field name selected below the current field (fragments followed)."""
    names: set[str] = set()

    def walk(selection_set):
        if selection_set is None:
            return
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                names.add(node.name.value)
                walk(node.selection_set)
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                fragment = info.fragments.get(node.name.value)
                if fragment is not None:
                    walk(fragment.selection_set)

    for field_node in info.field_nodes:
        walk(field_node.selection_set)
    return names


def with_prefetches(queryset, info):
    """Prefetch the related lists the query selects (the page's loans only)."""
    names = requested_fields(info)
    related = [name for name in ("instalments", "repayments") if name in _aliases(names)]
    return queryset.prefetch_related(*related) if related else queryset


def _aliases(names: set[str]) -> set[str]:
    out = set()
    if "schedule" in names:
        out.add("instalments")
    if "repayments" in names:
        out.add("repayments")
    return out


def queue_position_of(info, loan) -> int | None:
    if loan.status != "queued":
        return None
    context = info.context
    positions = getattr(context, "_loans_queue_positions", None)
    if positions is None:
        positions = queue_positions(loan_ids=None)
        context._loans_queue_positions = positions
    return positions.get(loan.pk)
