"""Writes of the loan book. Every money movement is a ledger posting made in the same
transaction as the loan rows it explains:

==========================  =====================================================================
disbursement                Dr LOANS_RECEIVABLE (member) / Cr CASH or BANK, Cr LOAN_ADMIN_FEE_INCOME
repayment                   Dr CASH or BANK / Cr PENALTY_INCOME, LOAN_SERVICE_INCOME,
                            LOANS_RECEIVABLE (member); an excess goes to simpanan sukarela
loss allowance (daily)      Dr LOAN_LOSS_EXPENSE / Cr LOAN_LOSS_ALLOWANCE (or back)
write-off                   Dr LOAN_LOSS_ALLOWANCE (+ LOAN_LOSS_EXPENSE for a shortfall) /
                            Cr LOANS_RECEIVABLE (member)
recovery after write-off    Dr CASH or BANK / Cr RECOVERY_INCOME
==========================  =====================================================================

Jasa and penalties are income when received (cash basis); the schedule and the penalties
charged by the daily close of business are kept on the instalments.

One module per area; everything is re-exported here so callers import
``sokoguru.tenants.loans.services``.
"""

from sokoguru.tenants.loans.services.applications import (
    loan_apply,
    loan_approve,
    loan_cancel,
    loan_limit,
    loan_reject,
)
from sokoguru.tenants.loans.services.close_of_business import (
    allowance_required,
    loan_allowance_adjust,
    loans_close_of_business,
)
from sokoguru.tenants.loans.services.disbursement import loan_disburse
from sokoguru.tenants.loans.services.notifications import notify
from sokoguru.tenants.loans.services.products import (
    DEFAULT_PRODUCTS,
    loan_product_create,
    loan_product_update,
    loan_settings_update,
    loans_install,
)
from sokoguru.tenants.loans.services.queue import loan_queue_serve, schedule_queue_serving
from sokoguru.tenants.loans.services.repayments import (
    ExitLoanSettlement,
    loan_pay_off,
    loan_repay,
    loan_repay_from_payroll,
    loan_repayment_reverse,
    loans_member_exit_settle,
)
from sokoguru.tenants.loans.services.write_offs import (
    loan_recover,
    loan_write_off_approve,
    loan_write_off_reject,
    loan_write_off_request,
)

__all__ = [
    "ExitLoanSettlement",
    "DEFAULT_PRODUCTS",
    "allowance_required",
    "loan_allowance_adjust",
    "loan_apply",
    "loan_approve",
    "loan_cancel",
    "loan_disburse",
    "loan_limit",
    "loan_pay_off",
    "loan_product_create",
    "loan_product_update",
    "loan_queue_serve",
    "loan_recover",
    "loan_reject",
    "loan_repay",
    "loan_repay_from_payroll",
    "loan_repayment_reverse",
    "loan_settings_update",
    "loan_write_off_approve",
    "loan_write_off_reject",
    "loan_write_off_request",
    "loans_close_of_business",
    "loans_install",
    "loans_member_exit_settle",
    "notify",
    "schedule_queue_serving",
]
