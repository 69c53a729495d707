"""Case 12 of "books that hold up": a loan offset against the savings of a member who leaves
moves no money — it is left out of the cash flow (SAK EP) and listed in the note."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.statements import FINANCING, OPERATING, cash_flow
from sokoguru.tenants.workflows.member_exit import member_exit

EXIT = date(2025, 1, 20)


def test_a_loan_offset_against_savings_on_exit_is_not_cash(active_loan, make_member):
    # given: Rp 1.600.000 of savings (pokok 100.000 + sukarela 1.500.000) and a loan of
    # Rp 1.000.000 disbursed on 10 January (payoff on the 20th: 1.003.225 with pro-rata jasa)
    member = make_member(sukarela=Decimal("1500000"))
    active_loan(member=member)
    cash_before = account_balance(account=chart.CASH, as_of=EXIT)
    # when: the member leaves
    settlement = member_exit(member_id=member.pk, date=EXIT, created_by_id=SYSTEM)
    # then: only the refund left the cash box
    assert settlement.refund == Decimal("596775.00")
    assert account_balance(account=chart.CASH, as_of=EXIT) == cash_before - Decimal("596775.00")
    flow = cash_flow(start=EXIT, end=EXIT)
    # before: operating +1.003.225 (loan and jasa "received") and financing −1.600.000
    assert flow[OPERATING] == Decimal("0.00")
    assert flow[FINANCING] == Decimal("-596775.00")
    assert flow["net_change"] == Decimal("-596775.00")
    assert flow["closing_cash"] - flow["opening_cash"] == flow["net_change"]
    assert {line["code"] for line in flow["lines"]} >= {chart.SIMPANAN_SUKARELA}
    assert chart.LOANS_RECEIVABLE not in {line["code"] for line in flow["lines"]}
    # and the note lists the offset
    assert flow["non_cash_total"] == Decimal("1003225.00")
    assert [row["amount"] for row in flow["non_cash"]] == [Decimal("1003225.00")]
