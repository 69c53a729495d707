"""Offset-cursor pagination for lists built from selectors: one count query and one page query
whatever the page size; the page size is capped like every other connection."""

from __future__ import annotations

from django.conf import settings
from graphene.relay import PageInfo
from graphql_relay import cursor_to_offset, offset_to_cursor

from sokoguru.graphql.federation.errors import public_error

DEFAULT_PAGE_SIZE = 20


def max_page_size() -> int:
    return settings.GRAPHENE.get("RELAY_CONNECTION_MAX_LIMIT", 100)


def page_bounds(first: int | None, after: str | None) -> tuple[int, int]:
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > max_page_size():
        raise public_error(
            f"Ukuran halaman harus antara 0 dan {max_page_size()}. / "
            f"Page size must be between 0 and {max_page_size()}.",
            code="invalid",
            field="first",
        )
    offset = 0
    if after:
        parsed = cursor_to_offset(after)
        if parsed is None or parsed < 0 or parsed > 10**9:
            raise public_error(
                "Kursor tidak valid. / Invalid cursor.", code="invalid", field="after"
            )
        offset = parsed + 1
    return offset, size


def paginate(items, *, first, after, connection_type, wrap=lambda x: x):
    """``items``: a queryset or list. Returns ``connection_type`` with ``length`` (totalCount)."""
    offset, size = page_bounds(first, after)
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    page = list(items[offset : offset + size])
    nodes = wrap(page)
    edges = [
        connection_type.Edge(node=node, cursor=offset_to_cursor(offset + i))
        for i, node in enumerate(nodes)
    ]
    connection = connection_type(
        edges=edges,
        page_info=PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=offset > 0,
            has_next_page=offset + len(page) < total,
        ),
    )
    connection.length = total
    return connection
