"""Who may change the by-laws parameters: the role set, written once. The service checks it
(``require_actor``); GraphQL and admin reuse it."""

from __future__ import annotations

BYLAWS_ROLES = frozenset({"ketua", "sekretaris"})
