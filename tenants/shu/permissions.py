"""Who may do what with SHU (roles in the cooperative). Services, GraphQL and admin use these."""

from __future__ import annotations

from sokoguru.platform.accounts.permissions import require_other_officer, require_role

__all__ = [
    "APPROVE_ROLES",
    "DISTRIBUTE_ROLES",
    "FUND_APPROVE_ROLES",
    "FUND_REQUEST_ROLES",
    "PAYOUT_ROLES",
    "PROPOSE_ROLES",
    "VIEW_ROLES",
    "require_other_officer",
    "require_role",
]

# Simulations, proposals, shares, funds and the reports.
VIEW_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "pengawas", "kasir"})
# Put the year's computation to the RAT.
PROPOSE_ROLES = frozenset({"ketua", "bendahara"})
# Record the RAT decision (date and reference of the decision).
APPROVE_ROLES = frozenset({"ketua", "sekretaris"})
# Post the distribution (a different officer from the proposer).
DISTRIBUTE_ROLES = frozenset({"ketua", "bendahara"})
# Pay members their SHU (into sukarela or cash/bank).
PAYOUT_ROLES = frozenset({"bendahara", "kasir"})
# Spend a fund: one officer asks, another approves.
FUND_REQUEST_ROLES = frozenset({"ketua", "sekretaris", "bendahara"})
FUND_APPROVE_ROLES = frozenset({"ketua", "bendahara"})
