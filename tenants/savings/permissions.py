"""Who may do what with savings: the role sets, written once. Services check them
(``require_actor``); GraphQL and admin reuse them."""

from __future__ import annotations

# Money in and out at the counter, collections, payroll imports.
SAVINGS_POST_ROLES = frozenset({"bendahara", "kasir"})
# A member's exit settlement (savings refunded, loans settled).
SAVINGS_EXIT_ROLES = frozenset({"ketua", "bendahara"})
# The monthly cycle run by hand (wajib billing, arrears rules, jasa simpanan); beat runs it as
# the system.
SAVINGS_CYCLE_ROLES = frozenset({"ketua", "bendahara"})
# Reading passbooks, bills and batches.
SAVINGS_READ_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "pengawas", "kasir"})
