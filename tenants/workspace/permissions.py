"""Who may open which workspace page: the apps' own role sets, named for the pages. The services
check again whatever a page lets through."""

from __future__ import annotations

from sokoguru.platform.accounts.models import ADMIN_ROLES
from sokoguru.tenants.ledger.permissions import PERIOD_CLOSE_ROLES
from sokoguru.tenants.loans.permissions import (
    APPROVER_ROLES,
    CASHIER_ROLES,
    DISBURSE_ROLES,
    ENTRY_ROLES,
)
from sokoguru.tenants.members.permissions import MEMBER_REGISTER_ROLES
from sokoguru.tenants.savings.permissions import SAVINGS_POST_ROLES

OFFICER_ROLES = frozenset(ADMIN_ROLES)  # every page that only reads
LOAN_ENTRY_ROLES = ENTRY_ROLES
LOAN_APPROVER_ROLES = APPROVER_ROLES
LOAN_DISBURSE_ROLES = DISBURSE_ROLES
LOAN_REPAY_ROLES = CASHIER_ROLES  # loan_repay's own set
LOAN_CASHIER_ROLES = CASHIER_ROLES
COUNTER_ROLES = SAVINGS_POST_ROLES | LOAN_REPAY_ROLES

__all__ = [
    "COUNTER_ROLES",
    "LOAN_APPROVER_ROLES",
    "LOAN_CASHIER_ROLES",
    "LOAN_DISBURSE_ROLES",
    "LOAN_ENTRY_ROLES",
    "LOAN_REPAY_ROLES",
    "MEMBER_REGISTER_ROLES",
    "OFFICER_ROLES",
    "PERIOD_CLOSE_ROLES",
    "SAVINGS_POST_ROLES",
]
