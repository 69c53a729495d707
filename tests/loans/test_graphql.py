from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from sokoguru.tenants.loans.models import Loan, Repayment
from sokoguru.tenants.loans.services import loan_repay
from tests.fixtures.graphql import to_global_id

LOANS = """
query ($first: Int, $status: [LoanStatus!], $bucket: LoanBucket, $member: ID) {
  loans(first: $first, status: $status, bucket: $bucket, memberId: $member) {
    totalCount
    edges { node {
      number status bucket amount outstandingPrincipal daysPastDue queuePosition
      member { number fullName } product { code }
      schedule { number dueDate principal jasa total amountDue }
      repayments { date amount jasa principal }
    } }
  }
}"""

APPLY = """
mutation ($input: LoanApplyInput!) {
  loanApply(input: $input) { errors { field code message } loan { id number status } }
}"""

APPROVE = """
mutation ($id: ID!) {
  loanApprove(loanId: $id) {
    errors { field code message } loan { status queuePosition }
  }
}"""

DISBURSE = """
mutation ($input: LoanDisburseInput!) {
  loanDisburse(input: $input) {
    errors { field code message }
    loan { status disbursedOn schedule { number dueDate total } }
  }
}"""

REPAY = """
mutation ($input: LoanRepayInput!) {
  loanRepay(input: $input) {
    errors { field code message }
    repayment { amount penalty jasa principal toSavings }
    loan { outstandingPrincipal }
  }
}"""


def test_application_to_repayment_through_the_api(
    graphql_client, officers, make_member, fund, product, coop_a
):
    # given
    fund(Decimal("5000000"))
    member = make_member()
    kasir = graphql_client(officers["kasir"], coop_a)
    bendahara = graphql_client(officers["bendahara"], coop_a)
    # when: the kasir enters the application
    applied = kasir.execute(
        APPLY,
        {
            "input": {
                "memberId": to_global_id("Member", member.pk, coop_a.schema_name),
                "productId": to_global_id("LoanProduct", product.pk, coop_a.schema_name),
                "amount": "1000000",
                "tenor": 10,
                "purpose": "Modal hidroponik",
                "appliedOn": "2025-01-10",
            }
        },
    )["loanApply"]
    assert applied["errors"] == []
    loan_id = applied["loan"]["id"]
    # then: the kasir may not approve; the bendahara may
    refused = kasir.execute(APPROVE, {"id": loan_id})["loanApprove"]
    assert refused["errors"][0]["code"] == "permission_denied"
    approved = bendahara.execute(APPROVE, {"id": loan_id})["loanApprove"]
    assert approved == {"errors": [], "loan": {"status": "APPROVED", "queuePosition": None}}
    # when
    disbursed = kasir.execute(
        DISBURSE, {"input": {"loanId": loan_id, "disbursedOn": "2025-01-10"}}
    )["loanDisburse"]
    # then
    assert disbursed["errors"] == []
    assert disbursed["loan"]["schedule"][0] == {
        "number": 1,
        "dueDate": "2025-02-10",
        "total": "110000.00",
    }
    assert {row["total"] for row in disbursed["loan"]["schedule"]} == {"110000.00"}
    # when
    repaid = kasir.execute(
        REPAY,
        {
            "input": {
                "loanId": loan_id,
                "amount": "110000",
                "date": "2025-02-10",
                "idempotencyKey": "kwitansi-0001",
            }
        },
    )["loanRepay"]
    # then
    assert repaid == {
        "errors": [],
        "repayment": {
            "amount": "110000.00",
            "penalty": "0.00",
            "jasa": "10000.00",
            "principal": "100000.00",
            "toSavings": "0.00",
        },
        "loan": {"outstandingPrincipal": "900000.00"},
    }


def test_maker_checker_refusal_is_a_typed_error(
    graphql_client, officers, make_member, product, coop_a
):
    # given: the bendahara enters an application herself
    member = make_member()
    bendahara = graphql_client(officers["bendahara"], coop_a)
    loan_id = bendahara.execute(
        APPLY,
        {
            "input": {
                "memberId": to_global_id("Member", member.pk, coop_a.schema_name),
                "productId": to_global_id("LoanProduct", product.pk, coop_a.schema_name),
                "amount": "500000",
                "tenor": 5,
                "purpose": "Modal warung",
                "appliedOn": "2025-01-10",
            }
        },
    )["loanApply"]["loan"]["id"]
    # when
    result = bendahara.execute(APPROVE, {"id": loan_id})["loanApprove"]
    # then
    assert result["loan"] is None
    assert result["errors"][0]["field"] == "approvedById"
    assert result["errors"][0]["code"] == "maker_checker"
    connection.set_tenant(coop_a)
    assert Loan.objects.get().status == Loan.Status.SUBMITTED


def test_validation_errors_name_the_field(graphql_client, officers, make_member, product, coop_a):
    # given
    member = make_member()
    # when
    result = graphql_client(officers["kasir"], coop_a).execute(
        APPLY,
        {
            "input": {
                "memberId": to_global_id("Member", member.pk, coop_a.schema_name),
                "productId": to_global_id("LoanProduct", product.pk, coop_a.schema_name),
                "amount": "1000000.50",
                "tenor": 10,
                "purpose": "Modal",
            }
        },
    )["loanApply"]
    # then
    assert [e["field"] for e in result["errors"]] == ["amount"]
    connection.set_tenant(coop_a)
    assert Loan.objects.count() == 0


def test_members_without_officer_role_see_no_loans(graphql_client, make_user, active_loan, coop_a):
    # given
    active_loan()
    anggota = make_user(roles={coop_a: "anggota"})
    # when
    body = graphql_client(anggota, coop_a).post(LOANS, {"first": 10})
    # then
    assert body["data"] is None or body["data"].get("loans") is None
    assert body["errors"]


@pytest.mark.parametrize("page", [2, 6])
def test_loan_list_costs_a_fixed_number_of_queries(
    graphql_client, officers, active_loan, coop_a, page, django_assert_num_queries
):
    # given: six loans with schedules and a repayment each
    from sokoguru.tenants.loans.services import loan_repay

    for _ in range(6):
        loan = active_loan()
        loan_repay(
            loan_id=loan.pk,
            received_by_id=loan.disbursed_by_id,
            amount=Decimal("110000"),
            date=date(2025, 2, 10),
            idempotency_key=f"r-{loan.pk}",
        )
    client = graphql_client(officers["ketua"], coop_a)
    # when / then: host lookup and search paths (3), session, user, roles, count, page,
    # schedules, repayments — the same for any page size
    with django_assert_num_queries(10):
        data = client.execute(LOANS, {"first": page})
    edges = data["loans"]["edges"]
    assert data["loans"]["totalCount"] == 6
    assert len(edges) == page
    assert all(len(e["node"]["schedule"]) == 10 for e in edges)
    assert all(len(e["node"]["repayments"]) == 1 for e in edges)


def test_filters_by_status_bucket_and_member(graphql_client, officers, active_loan, coop_a):
    # given
    first = active_loan()
    active_loan()
    from sokoguru.tenants.loans.services import loans_close_of_business

    loans_close_of_business(as_of=date(2025, 2, 11))
    client = graphql_client(officers["ketua"], coop_a)
    # when
    by_member = client.execute(
        LOANS, {"member": to_global_id("Member", first.member_id, coop_a.schema_name)}
    )["loans"]
    by_bucket = client.execute(LOANS, {"bucket": "DALAM_PERHATIAN_KHUSUS"})["loans"]
    by_status = client.execute(LOANS, {"status": ["PAID_OFF"]})["loans"]
    # then
    assert [e["node"]["number"] for e in by_member["edges"]] == [first.number]
    assert by_bucket["totalCount"] == 2
    assert by_bucket["edges"][0]["node"]["daysPastDue"] == 1
    assert by_status["totalCount"] == 0


def test_funding_queue_and_portfolio(graphql_client, officers, make_member, product, coop_a):
    # given: no funds → the approved loans queue
    from sokoguru.tenants.loans.services import loan_apply, loan_approve

    ids = []
    for _ in range(2):
        loan = loan_apply(
            member_id=make_member().pk,
            product_id=product.pk,
            amount=Decimal("1500000"),
            tenor=10,
            purpose="Modal bank sampah",
            entered_by_id=officers["kasir"].pk,
            applied_on=date(2025, 1, 10),
        )
        ids.append(loan_approve(loan_id=loan.pk, approved_by_id=officers["ketua"].pk).number)
    # when
    data = graphql_client(officers["bendahara"], coop_a).execute(
        """{ loanFundingQueue { number queuePosition status }
             loanPortfolioSummary(asOf: "2025-01-31") { queueLength queueAmount availableFunds
               buckets { bucket count outstanding } } }"""
    )
    # then
    assert data["loanFundingQueue"] == [
        {"number": ids[0], "queuePosition": 1, "status": "QUEUED"},
        {"number": ids[1], "queuePosition": 2, "status": "QUEUED"},
    ]
    summary = data["loanPortfolioSummary"]
    assert summary["queueLength"] == 2
    assert summary["queueAmount"] == "3000000.00"
    assert summary["availableFunds"] == "200000.00"  # 2 × 600.000 savings − 1.000.000 reserve
    assert summary["buckets"][0] == {"bucket": "LANCAR", "count": 0, "outstanding": "0.00"}


PAY_OFF = """
mutation ($input: LoanPayOffInput!) {
  loanPayOff(input: $input) {
    errors { field code message }
    repayment { amount jasa principal jasaWaived }
    loan { status outstandingPrincipal }
  }
}"""

RECOVER = """
mutation ($input: LoanRecoverInput!) {
  loanRecover(input: $input) {
    errors { field code message }
    repayment { amount }
    loan { status }
  }
}"""


def test_pay_off_through_the_api(graphql_client, officers, active_loan, product, coop_a):
    # given: a Rp 1.000.000 loan over 10 months, nothing paid yet (product rule: full jasa)
    product.early_payoff_jasa = "full"
    product.save()
    loan = active_loan()
    kasir = graphql_client(officers["kasir"], coop_a)
    # when
    paid = kasir.execute(
        PAY_OFF,
        {
            "input": {
                "loanId": to_global_id("Loan", loan.pk, coop_a.schema_name),
                "amount": "1100000",
                "date": "2025-01-20",
                "idempotencyKey": "lunas-0001",
            }
        },
    )["loanPayOff"]
    # then
    assert paid == {
        "errors": [],
        "repayment": {
            "amount": "1100000.00",
            "jasa": "100000.00",
            "principal": "1000000.00",
            "jasaWaived": "0.00",
        },
        "loan": {"status": "PAID_OFF", "outstandingPrincipal": "0.00"},
    }


def test_recovery_on_a_loan_not_written_off_is_a_typed_error(
    graphql_client, officers, active_loan, coop_a
):
    # given
    loan = active_loan()
    kasir = graphql_client(officers["kasir"], coop_a)
    # when
    result = kasir.execute(
        RECOVER,
        {
            "input": {
                "loanId": to_global_id("Loan", loan.pk, coop_a.schema_name),
                "amount": "250000",
                "date": "2025-06-01",
                "idempotencyKey": "pulih-0001",
            }
        },
    )["loanRecover"]
    # then
    assert result["repayment"] is None and result["loan"] is None
    assert [e["code"] for e in result["errors"]] == ["wrong_status"]
    connection.set_tenant(coop_a)
    assert Repayment.objects.filter(loan=loan).count() == 0


def test_product_settings_and_repayment_enums_read_back(
    graphql_client, officers, active_loan, coop_a
):
    # given: one counter repayment on a loan of the flat 10 % per-term product
    loan = active_loan()
    loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="e1",
    )
    client = graphql_client(officers["bendahara"], coop_a)
    # when
    data = client.execute(
        """{
          loanProducts { code method rateBasis penaltyMethod earlyPayoffJasa excessTo }
          loanSettings { queueServing payrollAccount }
          loans(first: 1) { edges { node {
            status bucket method rateBasis
            schedule { total }
            repayments { kind account }
          } } }
        }"""
    )
    # then
    assert [row for row in data["loanProducts"] if row["code"] == "UJI"] == [
        {
            "code": "UJI",
            "method": "FLAT",
            "rateBasis": "PER_TERM",
            "penaltyMethod": "PER_INSTALMENT",
            "earlyPayoffJasa": "PRO_RATA",
            "excessTo": "SUKARELA",
        }
    ]
    assert data["loanSettings"] == {"queueServing": "AUTO", "payrollAccount": "BANK"}
    node = data["loans"]["edges"][0]["node"]
    assert node["status"] == "ACTIVE"
    assert node["bucket"] == "LANCAR"
    assert (node["method"], node["rateBasis"]) == ("FLAT", "PER_TERM")
    assert node["schedule"][0] == {"total": "110000.00"}
    assert node["repayments"] == [{"kind": "COUNTER", "account": "CASH"}]


REVERSE = """
mutation ($id: ID!, $reason: String!, $date: Date) {
  loanRepaymentReverse(repaymentId: $id, reason: $reason, date: $date) {
    errors { field code message }
    repayment { reversedOn reversalReason }
    loan { status outstandingPrincipal }
  }
}"""


def test_repayment_reversal_through_the_api(graphql_client, officers, active_loan, coop_a):
    # given: instalment 1 paid
    loan = active_loan()
    rep = loan_repay(
        loan_id=loan.pk,
        amount=Decimal("110000"),
        date=date(2025, 2, 10),
        idempotency_key="r-api",
        received_by_id=loan.disbursed_by_id,
    )
    connection.set_schema_to_public()
    variables = {
        "id": to_global_id("LoanRepayment", rep.pk, coop_a.schema_name),
        "reason": "Salah input",
    }
    # when: the kasir may not, the bendahara may
    refused = graphql_client(officers["kasir"], coop_a).post(REVERSE, variables)
    done = graphql_client(officers["bendahara"], coop_a).execute(
        REVERSE, {**variables, "date": "2025-02-11"}
    )["loanRepaymentReverse"]
    # then
    assert "errors" in refused or refused["data"]["loanRepaymentReverse"]["errors"]
    assert done == {
        "errors": [],
        "repayment": {"reversedOn": "2025-02-11", "reversalReason": "Salah input"},
        "loan": {"status": "ACTIVE", "outstandingPrincipal": "1000000.00"},
    }
