"""Who reads a cooperative's audit log: its pengawas (supervisory board) and its ketua."""

from __future__ import annotations

from sokoguru.platform.accounts.models import CooperativeRole

AUDIT_READ_ROLES = frozenset({CooperativeRole.Role.PENGAWAS, CooperativeRole.Role.KETUA})
