"""Every workspace list costs a fixed number of queries, whatever the number of rows on the
page (pinned; a list that starts querying per row fails here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.ledger.services import period_close_request
from sokoguru.tenants.loans.models import LoanProduct
from sokoguru.tenants.loans.services import loan_apply, loan_approve
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay
from tests.fixtures.members import make_nik

pytestmark = pytest.mark.django_db

JOINED = date(2026, 1, 5)

# Every list page of the workspace.
LIST_PAGES = [
    "/anggota/",
    "/anggota/?q=Warga",
    "/pinjaman/",
    "/pinjaman/antrean/",
    "/laporan/jurnal/?start=2026-01-01&end=2026-12-31",
    "/periode/",
]


def seed(count: int, officers, start: int) -> None:
    """``count`` active members, each with a loan application approved into the queue (no
    funds), and a period-close request."""
    product = LoanProduct.objects.get(code="PUM")
    for i in range(start, start + count):
        member = member_register(
            created_by_id=SYSTEM, full_name=f"Warga {i}", nik=make_nik(), joined_on=JOINED
        )
        pokok_pay(member_id=member.pk, date=JOINED, created_by_id=SYSTEM)
        loan = loan_apply(
            member_id=member.pk,
            product_id=product.pk,
            amount=Decimal("100000"),
            tenor=2,
            purpose="Modal",
            entered_by_id=officers["kasir"].pk,
            applied_on=date(2026, 2, 1),
        )
        loan_approve(loan_id=loan.pk, approved_by_id=officers["ketua"].pk)
    period_close_request(
        start_date=date(2000 + start, 1, 1),
        end_date=date(2000 + start, 12, 31),
        requested_by_id=officers["bendahara"].pk,
    )


def counts(pages) -> dict[str, int]:
    page = pages("bendahara")
    out = {}
    for path in LIST_PAGES:
        page.get(path)  # warm: host cache, templates
        with CaptureQueriesContext(connection) as queries:
            response = page.get(path)
        assert response.status_code == 200, path
        out[path] = len(queries)
    return out


def test_list_pages_cost_the_same_for_two_rows_and_twelve(pages, in_coop_a, officers):
    # given
    seed(2, officers, start=1)
    few = counts(pages)

    # when
    seed(10, officers, start=3)
    many = counts(pages)

    # then
    assert many == few


@pytest.mark.parametrize(
    ("path", "expected"),
    # the whole request: session, user, roles, then the page's own reads
    [
        ("/anggota/", 7),
        ("/anggota/?q=Warga", 7),
        ("/pinjaman/", 6),
        ("/pinjaman/antrean/", 14),
        ("/laporan/jurnal/?start=2026-01-01&end=2026-12-31", 6),
        ("/periode/", 7),
    ],
)
def test_list_page_query_count_is_pinned(
    pages, in_coop_a, officers, path, expected, django_assert_num_queries
):
    # given
    seed(3, officers, start=1)
    page = pages("bendahara")
    page.get(path)

    # when / then
    with django_assert_num_queries(expected):
        page.get(path)


def test_the_beranda_costs_a_bounded_number_of_queries(
    pages, in_coop_a, officers, django_assert_max_num_queries
):
    # given: more of everything than the beranda shows (8 per list)
    seed(10, officers, start=1)
    page = pages("ketua")
    page.get("/")

    # when / then
    with django_assert_max_num_queries(25):
        page.get("/")
