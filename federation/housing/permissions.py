"""Roles for the housing programme (held in the cooperative acting)."""

from __future__ import annotations

# The sekunder sets up projects, ranks, allocates and records financing and hand-over.
SEKUNDER_HOUSING_ROLES = frozenset({"ketua", "bendahara", "sekretaris"})
# A primary's officers enter their members' applications.
PRIMARY_APPLY_ROLES = frozenset({"ketua", "sekretaris", "bendahara"})
# A primary's counter collects down payments onto the member's savings.
PRIMARY_DOWN_PAYMENT_ROLES = frozenset({"bendahara", "kasir"})
