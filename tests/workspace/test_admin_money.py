"""Every money box of the cooperative's Django admin reads rupiah the Indonesian way: the
``50000,00`` that once posted Rp 5.000.000 posts Rp 50.000; an ambiguous amount is refused at
the field and nothing is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from sokoguru.platform.admin_sites import cooperative_admin_site, is_money_field
from sokoguru.platform.core.money import RupiahField
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.savings.models import SavingsMovement
from tests.fixtures.graphql import host_of, login

pytestmark = pytest.mark.django_db


def admin_client(user, cooperative) -> Client:
    client = Client()
    login(client, user, cooperative)
    client.defaults["HTTP_HOST"] = host_of(cooperative)
    return client


@pytest.mark.parametrize(
    ("typed", "posted"),
    [("50000,00", "50000.00"), ("50.000", "50000.00"), ("Rp 1.250.000,50", "1250000.50")],
)
def test_admin_deposit_posts_exactly_what_was_typed(
    make_user, coop_a, register_member, typed, posted
):
    # given
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    connection.set_schema_to_public()
    client = admin_client(make_user(roles={coop_a: "kasir"}), coop_a)

    # when
    response = client.post(
        "/admin/savings/savingsmovement/add/",
        {
            "member": member.pk,
            "date": "2026-02-01",
            "action": "sukarela_deposit",
            "amount": typed,
            "idempotency_key": f"adm-{typed}",
        },
    )

    # then
    assert response.status_code == 302
    connection.set_tenant(coop_a)
    assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member.pk) == Decimal(posted)


def test_admin_refuses_an_ambiguous_amount_and_writes_nothing(make_user, coop_a, register_member):
    # given
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    connection.set_schema_to_public()
    client = admin_client(make_user(roles={coop_a: "kasir"}), coop_a)

    # when
    response = client.post(
        "/admin/savings/savingsmovement/add/",
        {
            "member": member.pk,
            "date": "2026-02-01",
            "action": "sukarela_deposit",
            "amount": "50,000",
            "idempotency_key": "adm-ambiguous",
        },
    )

    # then
    assert response.status_code == 200
    assert "«50,000» meragukan" in response.content.decode()
    connection.set_tenant(coop_a)
    assert not SavingsMovement.objects.filter(member=member, kind="sukarela").exists()


def test_every_money_field_of_the_cooperative_admin_is_a_rupiah_field(rf, make_user, coop_a):
    # given: every model admin's add form
    request = rf.get("/admin/", HTTP_HOST=host_of(coop_a))
    request.user = make_user(roles={coop_a: ["ketua", "bendahara"]})
    request.tenant = coop_a
    connection.set_tenant(coop_a)

    # when
    money = {}
    for model, model_admin in cooperative_admin_site._registry.items():
        try:
            form = model_admin.get_form(request)
        except Exception:  # noqa: S112 - read-only admins may refuse an add form
            continue
        for name, field in form.base_fields.items():
            if isinstance(field, RupiahField) or is_money_field(field):
                money[f"{model._meta.label}.{name}"] = type(field)

    # then
    assert money, "no money field found in the admin"
    assert {label: cls for label, cls in money.items() if cls is not RupiahField} == {}
