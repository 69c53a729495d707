"""Who may open which workspace page. The sets are the apps' own: loans keeps its role sets at
the top of its services; members, savings and ledger use the sets their GraphQL API uses (the
same names, until those apps hold them in their own ``permissions.py``). The services check
again whatever a page lets through."""

from __future__ import annotations

from sokoguru.platform.accounts.models import ADMIN_ROLES
from sokoguru.tenants.loans.services import (
    APPROVER_ROLES,
    CASHIER_ROLES,
    DISBURSE_ROLES,
    ENTRY_ROLES,
)

OFFICER_ROLES = frozenset(ADMIN_ROLES)  # every page that only reads
MEMBER_REGISTER_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
SAVINGS_POST_ROLES = frozenset({"bendahara", "kasir"})
PERIOD_CLOSE_ROLES = frozenset({"ketua", "bendahara"})
LOAN_ENTRY_ROLES = ENTRY_ROLES
LOAN_APPROVER_ROLES = APPROVER_ROLES
LOAN_DISBURSE_ROLES = DISBURSE_ROLES
LOAN_REPAY_ROLES = DISBURSE_ROLES  # the loan API's cashiers: ketua, bendahara, kasir
LOAN_CASHIER_ROLES = CASHIER_ROLES
COUNTER_ROLES = SAVINGS_POST_ROLES | LOAN_REPAY_ROLES
