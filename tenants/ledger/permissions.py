"""Who may do what in the books (roles in the cooperative). Services check these sets with
``require_role``; GraphQL fields and mutations and the admin declare the same sets.

Period close follows by-law practice: the bendahara (treasurer) or the ketua (chair) asks to
close the books, and a second officer of the pengurus (ketua or bendahara, not the one who
asked) confirms. The pengawas (supervisory board) audits the books but does not close them;
kasir and sekretaris keep no books."""

from __future__ import annotations

from sokoguru.platform.accounts.models import ADMIN_ROLES

# Officers read the journal; members may also read the accounts and statements (they approve
# them at the RAT).
JOURNAL_READ_ROLES = frozenset(ADMIN_ROLES)
STATEMENT_READ_ROLES = frozenset(ADMIN_ROLES) | {"anggota"}
# Manual journal entries and reversals.
JOURNAL_WRITE_ROLES = frozenset({"bendahara"})
# Ask to close a period, withdraw the request.
PERIOD_CLOSE_REQUEST_ROLES = frozenset({"bendahara", "ketua"})
# Confirm a close (a different officer from the one who asked).
PERIOD_CLOSE_CONFIRM_ROLES = frozenset({"ketua", "bendahara"})
# Either side of the close (the GraphQL mutations' gate).
PERIOD_CLOSE_ROLES = PERIOD_CLOSE_REQUEST_ROLES | PERIOD_CLOSE_CONFIRM_ROLES
CHART_WRITE_ROLES = frozenset({"ketua", "bendahara"})
