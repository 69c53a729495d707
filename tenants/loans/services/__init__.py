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

Penalties are income when received; the penalties charged by the daily close of business are
kept on the instalments (one ``PenaltyCharge`` row per day and instalment), so a payment dated
before the last close of business takes back what was charged after its date
(``services.penalties``). A waiver of penalties is maker-checker and posts nothing.

Loss allowance: ``Loan.allowance`` is the part of LOAN_LOSS_ALLOWANCE held for each loan; the
account always equals the sum over the loans. A write-off uses that loan's own allowance only.

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
    allowance_by_loan,
    allowance_required,
    loan_allowance_adjust,
    loans_close_of_business,
)
from sokoguru.tenants.loans.services.disbursement import loan_disburse
from sokoguru.tenants.loans.services.notifications import notify
from sokoguru.tenants.loans.services.penalties import (
    loan_allowance_refresh,
    penalty_waiver_approve,
    penalty_waiver_reject,
    penalty_waiver_request,
)
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
    "allowance_by_loan",
    "allowance_required",
    "loan_allowance_adjust",
    "loan_allowance_refresh",
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
    "penalty_waiver_approve",
    "penalty_waiver_reject",
    "penalty_waiver_request",
    "schedule_queue_serving",
]
