"""Authorization lives in the services: whoever calls them (GraphQL, admin, a page, the shell),
a user without the role is refused and nothing is written."""

from datetime import date
from decimal import Decimal

import pytest

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.services import bylaws_version_create
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.members.models import Member, Officer
from sokoguru.tenants.members.services import member_register, officer_assign
from sokoguru.tenants.savings.models import SavingsMovement, WajibBill
from sokoguru.tenants.savings.services import (
    CollectionItem,
    pokok_pay,
    savings_collection_post,
    sukarela_deposit,
    sukarela_withdraw,
    wajib_bills_generate,
    wajib_pay,
)
from sokoguru.tenants.workflows.member_exit import member_exit
from tests.fixtures.members import make_nik


def _written():
    return (
        JournalTransaction.objects.count(),
        SavingsMovement.objects.count(),
        WajibBill.objects.count(),
        Member.objects.count(),
        Officer.objects.count(),
        BylawsVersion.objects.count(),
    )


@pytest.fixture
def saver(in_coop_a, register_member):
    return register_member(pokok_on=date(2026, 1, 5))


@pytest.mark.parametrize(
    "call",
    [
        lambda m, u: pokok_pay(member_id=m.pk, date=date(2026, 1, 6), created_by_id=u),
        lambda m, u: wajib_pay(
            member_id=m.pk,
            amount="20000",
            date=date(2026, 1, 6),
            idempotency_key="w",
            created_by_id=u,
        ),
        lambda m, u: sukarela_deposit(
            member_id=m.pk,
            amount="50000",
            date=date(2026, 1, 6),
            idempotency_key="s",
            created_by_id=u,
        ),
        lambda m, u: sukarela_withdraw(
            member_id=m.pk,
            amount="1",
            date=date(2026, 1, 6),
            idempotency_key="t",
            created_by_id=u,
        ),
        lambda m, u: savings_collection_post(
            date=date(2026, 1, 6),
            items=[CollectionItem(m.pk, "sukarela", Decimal("50000"))],
            idempotency_key="c",
            description="Setoran",
            created_by_id=u,
        ),
        lambda m, u: wajib_bills_generate(period="2026-02", created_by_id=u),
        lambda m, u: member_exit(member_id=m.pk, date=date(2026, 2, 1), created_by_id=u),
        lambda m, u: member_register(
            full_name="Budi", nik=make_nik(), joined_on=date(2026, 1, 6), created_by_id=u
        ),
        lambda m, u: officer_assign(
            member_id=m.pk,
            role="ketua",
            term_start=date(2026, 1, 6),
            term_end=date(2029, 1, 5),
            created_by_id=u,
        ),
        lambda m, u: bylaws_version_create(
            effective_from=date(2026, 7, 1), pokok_amount=Decimal("200000"), created_by_id=u
        ),
    ],
    ids=[
        "pokok",
        "wajib",
        "sukarela_deposit",
        "sukarela_withdraw",
        "collection",
        "billing",
        "exit",
        "register",
        "officer",
        "bylaws",
    ],
)
def test_a_user_without_a_role_here_is_refused_and_nothing_is_written(
    saver, make_user, coop_b, call
):
    # given a user who is kasir and ketua of another cooperative only
    stranger = make_user(roles={coop_b: ["kasir", "ketua"]})
    before = _written()
    # when
    with pytest.raises(PermissionDenied) as excinfo:
        call(saver, stranger.pk)
    # then
    assert excinfo.value.code == "role_required"
    assert _written() == before


def test_no_user_at_all_is_refused(saver):
    before = _written()
    with pytest.raises(PermissionDenied):
        wajib_pay(
            member_id=saver.pk,
            amount="20000",
            date=date(2026, 1, 6),
            idempotency_key="w",
            created_by_id=None,
        )
    assert _written() == before


def test_a_pengawas_cannot_deposit(saver, make_user, in_coop_a):
    pengawas = make_user(roles={in_coop_a: "pengawas"})
    before = _written()
    with pytest.raises(PermissionDenied) as excinfo:
        sukarela_deposit(
            member_id=saver.pk,
            amount="50000",
            date=date(2026, 1, 6),
            idempotency_key="s",
            created_by_id=pengawas.pk,
        )
    assert excinfo.value.field == "created_by_id"
    assert _written() == before


def test_a_kasir_deposits_and_is_recorded(saver, make_user, in_coop_a):
    kasir = make_user(roles={in_coop_a: "kasir"})
    movement = sukarela_deposit(
        member_id=saver.pk,
        amount="50000",
        date=date(2026, 1, 6),
        idempotency_key="s",
        created_by_id=kasir.pk,
    )
    assert movement.created_by_id == kasir.pk
    assert JournalTransaction.objects.get(pk=movement.journal_transaction_id).created_by_id == (
        kasir.pk
    )


def test_a_sukarela_deposit_without_an_actor_is_refused(saver, in_coop_a):
    # given: no officer and not SYSTEM (before: None was taken as the platform itself)
    before = _written()
    # when / then
    with pytest.raises(PermissionDenied) as excinfo:
        sukarela_deposit(
            member_id=saver.pk,
            amount="50000",
            date=date(2026, 1, 6),
            idempotency_key="s",
            created_by_id=None,
        )
    assert excinfo.value.field == "created_by_id"
    assert _written() == before
