"""Who may do what in the loan book (roles in the cooperative). Services check these sets with
``require_role``; GraphQL mutations and admin actions declare the same sets."""

from __future__ import annotations

# Enter and withdraw applications.
ENTRY_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
# Approve or reject applications, request/approve/reject write-offs, waive penalties.
APPROVER_ROLES = frozenset({"ketua", "bendahara"})
# Pay out an approved loan.
DISBURSE_ROLES = frozenset({"ketua", "bendahara", "kasir"})
# Receive money on a loan (instalments, early payoff, recovery after write-off) and reverse a
# repayment entered by mistake.
CASHIER_ROLES = frozenset({"ketua", "bendahara", "kasir"})
# Loan settings, products and serving the funding queue by hand.
POLICY_ROLES = frozenset({"ketua", "bendahara"})
# Who gets the funding-queue notifications.
OFFICER_ROLES_NOTIFIED = ("ketua", "bendahara")
