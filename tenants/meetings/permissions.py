"""Who may do what with the members' meetings (roles in the cooperative)."""

from __future__ import annotations

# Plan the meeting, send invitations, keep the agenda and the attendance list.
ORGANISER_ROLES = frozenset({"ketua", "sekretaris"})
# Record what the meeting decided, sign the minutes, report to the dinas.
CHAIR_ROLES = frozenset({"ketua", "sekretaris"})
# Read the record and download the documents.
READ_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "pengawas", "kasir"})
