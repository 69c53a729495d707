"""Writes for savings, one module per area. Every rupiah goes through the ledger
(``transaction_post``) in the same database transaction as its source document (movement, bill,
batch, settlement). A member's movements lock that member's ``SavingsAccount`` row first, so
concurrent withdrawals serialise and a withdrawal never takes the sukarela balance below zero.

Steps that also touch loans (member exit, payroll import with loan instalments) live in
``sokoguru.tenants.workflows``."""

from sokoguru.tenants.savings.services.arrears import wajib_arrears_rules_apply
from sokoguru.tenants.savings.services.collection import CollectionItem, savings_collection_post
from sokoguru.tenants.savings.services.exit import (
    ExitQuote,
    member_exit_check,
    savings_exit_settle,
)
from sokoguru.tenants.savings.services.jasa import sukarela_jasa_post
from sokoguru.tenants.savings.services.payroll import (
    PayrollImportResult,
    PayrollPlan,
    payroll_batch_get,
    payroll_batch_import,
    payroll_batch_plan,
    payroll_batch_record,
)
from sokoguru.tenants.savings.services.pokok import pokok_pay
from sokoguru.tenants.savings.services.posting import deposit_check, savings_account_lock
from sokoguru.tenants.savings.services.sukarela import sukarela_deposit, sukarela_withdraw
from sokoguru.tenants.savings.services.wajib import wajib_bills_generate, wajib_pay

__all__ = [
    "savings_account_lock",
    "CollectionItem",
    "ExitQuote",
    "PayrollImportResult",
    "PayrollPlan",
    "deposit_check",
    "member_exit_check",
    "payroll_batch_get",
    "payroll_batch_import",
    "payroll_batch_plan",
    "payroll_batch_record",
    "pokok_pay",
    "savings_collection_post",
    "savings_exit_settle",
    "sukarela_deposit",
    "sukarela_jasa_post",
    "sukarela_withdraw",
    "wajib_arrears_rules_apply",
    "wajib_bills_generate",
    "wajib_pay",
]
