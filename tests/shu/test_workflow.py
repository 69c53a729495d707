"""Propose → RAT decision → distribute (maker-checker) → pay into sukarela; the ledger after."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import Conflict, PermissionDenied
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.statements import balance_sheet
from sokoguru.tenants.savings.models import SavingsMovement
from sokoguru.tenants.shu.models import ShuFundMovement, ShuProposal, ShuShare
from sokoguru.tenants.shu.selectors import (
    shu_fund_balances,
    shu_proposal_for_year,
    shu_unpaid_list,
    shu_withholding_report,
)
from sokoguru.tenants.shu.services import (
    shu_distribute,
    shu_fund_spend_approve,
    shu_fund_spend_request,
    shu_payout,
    shu_proposal_approve,
    shu_proposal_create,
)
from tests.shu.conftest import close_year, post

D = Decimal


def _approved(year, *, proposer="bendahara"):
    close_year(year.officers)
    proposal = shu_proposal_create(fiscal_year=2025, proposed_by_id=year.officers[proposer].pk)
    return shu_proposal_approve(
        proposal_id=proposal.pk,
        decided_on=date(2026, 3, 1),
        reference="05/RAT/2026",
        approved_by_id=year.officers["sekretaris"].pk,
    )


def _distributed(year):
    proposal = _approved(year)
    return shu_distribute(
        proposal_id=proposal.pk,
        distributed_on=date(2026, 3, 15),
        distributed_by_id=year.officers["ketua"].pk,
    )


def test_distribution_clears_shu_belum_dibagi_and_the_balance_sheet_balances(year_2025):
    # given an approved proposal
    proposal = _approved(year_2025)
    assert shu_proposal_for_year(fiscal_year=2025) == proposal
    assert account_balance(account=chart.SHU_UNDISTRIBUTED, as_of=date(2026, 3, 14)) == D(
        "1100000.00"
    )

    # when a different officer distributes it
    proposal = shu_distribute(
        proposal_id=proposal.pk,
        distributed_on=date(2026, 3, 15),
        distributed_by_id=year_2025.officers["ketua"].pk,
    )

    # then SHU belum dibagi of 2025 is 0, the reserve, funds and members' SHU are credited
    assert proposal.status == ShuProposal.Status.DISTRIBUTED
    assert account_balance(account=chart.SHU_UNDISTRIBUTED, as_of=date(2026, 3, 15)) == 0
    assert account_balance(account=chart.CADANGAN) == D("350000.00")
    assert account_balance(account=chart.FUND_PENGURUS) == D("100000.00")
    assert account_balance(account=chart.FUND_SOSIAL) == D("50000.00")
    assert account_balance(account=chart.SHU_PAYABLE_MEMBERS) == D("450000.00")
    assert account_balance(account=chart.SHU_PAYABLE_MEMBERS, member_id=year_2025.siti.pk) == D(
        "261413.00"
    )
    sheet = balance_sheet(as_of=date(2026, 3, 15))
    assert sheet["assets"] == sheet["liabilities_and_equity"]
    assert {f["key"]: f["balance"] for f in shu_fund_balances()}["pendidikan"] == D("50000.00")
    assert ShuFundMovement.objects.filter(kind="allocation").count() == 5
    # unpaid SHU stays a liability and is listed
    assert [s.member_name for s in shu_unpaid_list()] == [
        "Siti Aminah",
        "Budi Santoso",
        "Citra Lestari",
        "Dedi Kurniawan",
    ]

    # and distributing again changes nothing
    again = shu_distribute(
        proposal_id=proposal.pk,
        distributed_on=date(2026, 3, 15),
        distributed_by_id=year_2025.officers["ketua"].pk,
    )
    assert again.distribution_transaction_id == proposal.distribution_transaction_id


def test_payout_into_sukarela_in_bulk_and_members_who_left_in_cash(year_2025):
    # given the SHU distributed
    proposal = _distributed(year_2025)
    kasir = year_2025.officers["kasir"].pk
    sukarela_before = account_balance(account=chart.SIMPANAN_SUKARELA, member_id=year_2025.siti.pk)
    cash_before = account_balance(account=chart.CASH)

    # when paid by the by-laws default (sukarela), in bulk
    result = shu_payout(proposal_id=proposal.pk, paid_on=date(2026, 3, 20), paid_by_id=kasir)

    # then current members' SHU is in their sukarela; Dedi (left) is skipped and still owed
    assert [s.member_name for s in result["paid"]] == [
        "Siti Aminah",
        "Budi Santoso",
        "Citra Lestari",
    ]
    assert [s.member_name for s in result["skipped"]] == ["Dedi Kurniawan"]
    assert account_balance(
        account=chart.SIMPANAN_SUKARELA, member_id=year_2025.siti.pk
    ) == sukarela_before + D("261413.00")
    assert SavingsMovement.objects.filter(member=year_2025.siti, amount=D("261413.00")).exists()
    assert account_balance(account=chart.CASH) == cash_before
    assert account_balance(account=chart.SHU_PAYABLE_MEMBERS) == D("34783.00")
    assert [s.member_name for s in shu_unpaid_list()] == ["Dedi Kurniawan"]

    # when Dedi is paid in cash; and the bulk payout repeated
    shu_payout(
        proposal_id=proposal.pk,
        paid_on=date(2026, 3, 21),
        paid_by_id=kasir,
        via="cash",
        member_ids=[year_2025.dedi.pk],
    )
    postings = JournalTransaction.objects.count()
    shu_payout(proposal_id=proposal.pk, paid_on=date(2026, 3, 22), paid_by_id=kasir)

    # then nothing is owed, cash went down by Dedi's 34.783, and the repeat posted nothing
    assert account_balance(account=chart.SHU_PAYABLE_MEMBERS) == 0
    assert account_balance(account=chart.CASH) == cash_before - D("34783.00")
    assert JournalTransaction.objects.count() == postings
    assert not ShuShare.objects.filter(payout="unpaid").exists()


def test_the_proposer_cannot_distribute(year_2025):
    # given a proposal made by the ketua
    proposal = _approved(year_2025, proposer="ketua")
    postings = JournalTransaction.objects.count()

    # when the ketua distributes it too
    with pytest.raises(PermissionDenied) as err:
        shu_distribute(
            proposal_id=proposal.pk,
            distributed_on=date(2026, 3, 15),
            distributed_by_id=year_2025.officers["ketua"].pk,
        )

    # then refused and nothing posted
    assert err.value.code == "maker_checker"
    assert JournalTransaction.objects.count() == postings
    assert ShuProposal.objects.get().status == ShuProposal.Status.APPROVED


def test_roles_refused_write_nothing(year_2025):
    close_year(year_2025.officers)
    kasir, pengawas = year_2025.officers["kasir"].pk, year_2025.officers["pengawas"].pk

    # a kasir cannot propose
    with pytest.raises(PermissionDenied):
        shu_proposal_create(fiscal_year=2025, proposed_by_id=kasir)
    assert not ShuProposal.objects.exists()

    proposal = shu_proposal_create(
        fiscal_year=2025, proposed_by_id=year_2025.officers["bendahara"].pk
    )
    # a pengawas cannot record the RAT decision
    with pytest.raises(PermissionDenied):
        shu_proposal_approve(
            proposal_id=proposal.pk,
            decided_on=date(2026, 3, 1),
            reference="05/RAT/2026",
            approved_by_id=pengawas,
        )
    proposal.refresh_from_db()
    assert proposal.status == ShuProposal.Status.PROPOSED and proposal.decided_on is None

    shu_proposal_approve(
        proposal_id=proposal.pk,
        decided_on=date(2026, 3, 1),
        reference="05/RAT/2026",
        approved_by_id=year_2025.officers["ketua"].pk,
    )
    postings = JournalTransaction.objects.count()
    # a kasir cannot distribute
    with pytest.raises(PermissionDenied):
        shu_distribute(
            proposal_id=proposal.pk, distributed_on=date(2026, 3, 15), distributed_by_id=kasir
        )
    assert JournalTransaction.objects.count() == postings

    shu_distribute(
        proposal_id=proposal.pk,
        distributed_on=date(2026, 3, 15),
        distributed_by_id=year_2025.officers["ketua"].pk,
    )
    postings = JournalTransaction.objects.count()
    # a pengawas cannot pay out, nor spend a fund
    with pytest.raises(PermissionDenied):
        shu_payout(proposal_id=proposal.pk, paid_on=date(2026, 3, 20), paid_by_id=pengawas)
    with pytest.raises(PermissionDenied):
        shu_fund_spend_request(
            fund="sosial",
            amount=D("10000"),
            date=date(2026, 4, 1),
            purpose="Santunan",
            requested_by_id=pengawas,
        )
    assert JournalTransaction.objects.count() == postings
    assert not ShuShare.objects.exclude(payout="unpaid").exists()
    assert not ShuFundMovement.objects.filter(kind="spend").exists()


def test_proposal_needs_a_closed_year(year_2025):
    with pytest.raises(ValidationError) as err:
        shu_proposal_create(fiscal_year=2025, proposed_by_id=year_2025.officers["ketua"].pk)
    assert "fiscal_year" in err.value.error_dict
    assert not ShuProposal.objects.exists()


def test_fund_spending_needs_a_second_officer_and_never_goes_below_zero(year_2025):
    # given dana sosial Rp 50.000
    _distributed(year_2025)
    sekretaris, bendahara = year_2025.officers["sekretaris"].pk, year_2025.officers["bendahara"].pk
    request = shu_fund_spend_request(
        fund="sosial",
        amount=D("30000"),
        date=date(2026, 4, 1),
        purpose="Santunan warga sakit",
        requested_by_id=sekretaris,
    )

    # the requester cannot approve it
    with pytest.raises(PermissionDenied):
        shu_fund_spend_approve(movement_id=request.pk, approved_by_id=sekretaris)

    # when another officer approves
    shu_fund_spend_approve(movement_id=request.pk, approved_by_id=bendahara)
    assert account_balance(account=chart.FUND_SOSIAL) == D("20000.00")

    # then a spending above what is left is refused and nothing is posted
    too_much = shu_fund_spend_request(
        fund="sosial",
        amount=D("20001"),
        date=date(2026, 4, 2),
        purpose="Santunan kedua",
        requested_by_id=sekretaris,
    )
    postings = JournalTransaction.objects.count()
    with pytest.raises(ValidationError) as err:
        shu_fund_spend_approve(movement_id=too_much.pk, approved_by_id=bendahara)
    assert "amount" in err.value.error_dict
    assert JournalTransaction.objects.count() == postings
    assert account_balance(account=chart.FUND_SOSIAL) == D("20000.00")


def test_negative_year_no_distribution_and_a_clear_statement(year_2025):
    # given a large cost: the year ends with a loss of Rp 400.000
    post(date(2025, 12, 20), "1500000", chart.OPERATING_EXPENSE, chart.CASH, "rugi")
    close_year(year_2025.officers)

    # when proposed and approved
    proposal = shu_proposal_create(
        fiscal_year=2025, proposed_by_id=year_2025.officers["bendahara"].pk
    )
    proposal = shu_proposal_approve(
        proposal_id=proposal.pk,
        decided_on=date(2026, 3, 1),
        reference="05/RAT/2026",
        approved_by_id=year_2025.officers["ketua"].pk,
    )

    # then no pools, no shares, a statement; distribution is refused
    assert proposal.shu == D("-400000.00")
    assert "negatif" in proposal.statement and "Rp 400.000" in proposal.statement
    assert not proposal.shares.exists()
    assert all(p.amount == 0 for p in proposal.pools.all())
    postings = JournalTransaction.objects.count()
    with pytest.raises(Conflict):
        shu_distribute(
            proposal_id=proposal.pk,
            distributed_on=date(2026, 3, 15),
            distributed_by_id=year_2025.officers["ketua"].pk,
        )
    assert JournalTransaction.objects.count() == postings


def test_withholding_above_the_threshold_with_a_report(year_2025):
    # given 10 % withheld on shares above Rp 100.000
    BylawsVersion.objects.update(
        shu_withholding_rate=D("10"), shu_withholding_threshold=D("100000")
    )

    # when distributed
    proposal = _distributed(year_2025)

    # then Siti (261.413 → 26.141) and Budi (105.978 → 10.598) are withheld, the rest not
    report = shu_withholding_report(proposal_id=proposal.pk)
    assert [(s.member_name, s.gross, s.withheld, s.net) for s in report["shares"]] == [
        ("Siti Aminah", D("261413.00"), D("26141.00"), D("235272.00")),
        ("Budi Santoso", D("105978.00"), D("10598.00"), D("95380.00")),
    ]
    assert account_balance(account=chart.TAX_PAYABLE) == D("36739.00")
    assert account_balance(account=chart.SHU_PAYABLE_MEMBERS) == D("450000.00") - D("36739.00")


def test_bylaws_non_member_percentages_must_total_100(in_coop_a):
    # when a version gives the non-member surplus 90 % in all
    with pytest.raises(ValidationError) as err:
        from sokoguru.tenants.bylaws.services import bylaws_version_create

        bylaws_version_create(
            created_by_id=SYSTEM,
            effective_from=date(2027, 1, 1),
            shu_non_member_cadangan_pct=D("90.00"),
        )

    # then refused naming the rule, nothing written
    assert "shu_non_member_allocation" in err.value.error_dict
    assert not BylawsVersion.objects.filter(effective_from=date(2027, 1, 1)).exists()
