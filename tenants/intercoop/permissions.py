"""Who may do what between a koperasi sekunder and its member cooperatives (roles held in the
cooperative whose side is acting)."""

from __future__ import annotations

# A member cooperative pays simpanan pokok/wajib into its sekunder (the primary's officers).
CAPITAL_PAY_ROLES = frozenset({"ketua", "bendahara"})
# The sekunder offers a loan to a member cooperative (maker).
LOAN_OFFER_ROLES = frozenset({"ketua", "sekretaris", "bendahara"})
# The sekunder's pengurus approves the offer (checker, not the maker).
LOAN_APPROVE_ROLES = frozenset({"ketua", "bendahara"})
# The member cooperative's pengurus accepts the approved loan.
LOAN_ACCEPT_ROLES = frozenset({"ketua", "bendahara"})
# The sekunder pays the loan out.
LOAN_DISBURSE_ROLES = frozenset({"ketua", "bendahara"})
# The member cooperative repays an instalment.
LOAN_REPAY_ROLES = frozenset({"ketua", "bendahara"})
# Reading the inter-cooperative books.
INTERCOOP_READ_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "pengawas"})
