"""Fixed query counts for member lists: the related lists a query selects (status history,
officer terms, exit settlement) are read once for the whole page — one query each, whatever the
page size — and attached to the page's members for their resolvers."""

from __future__ import annotations

from sokoguru.graphql.loans.dataloaders import requested_fields
from sokoguru.tenants.members.selectors import officer_terms_by_member, status_history_by_member
from sokoguru.tenants.savings.selectors import exit_settlements_by_member

PAGE_RELATIONS = {
    "statusHistory": ("_page_status_history", status_history_by_member),
    "officerTerms": ("_page_officer_terms", officer_terms_by_member),
    "exitSettlement": ("_page_exit_settlement", exit_settlements_by_member),
}
MISSING = object()


def attach_page_relations(members: list, info) -> None:
    if not members:
        return
    names = requested_fields(info)
    ids = [m.pk for m in members]
    for field, (attribute, load) in PAGE_RELATIONS.items():
        if field not in names:
            continue
        loaded = load(member_ids=ids)
        for member in members:
            setattr(member, attribute, loaded.get(member.pk))


def page_relation(member, attribute: str):
    """The page's value for ``member`` (``MISSING`` when the page did not load it)."""
    return getattr(member, attribute, MISSING)
