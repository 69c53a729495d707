"""Who may do what with members and officers: the role sets, written once. Services check them
(``require_actor``); GraphQL and admin reuse them."""

from __future__ import annotations

MEMBER_READ_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "pengawas", "kasir"})
# Registering members and correcting their data.
MEMBER_REGISTER_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
# Appointing and ending pengurus / pengawas terms.
OFFICER_ROLES = frozenset({"ketua", "sekretaris"})
