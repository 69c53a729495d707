from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.intercoop.mutations._common import other_cooperative, this_cooperative
from sokoguru.graphql.intercoop.types import InterCoopCapitalEntryType
from sokoguru.tenants.intercoop.permissions import CAPITAL_PAY_ROLES
from sokoguru.tenants.intercoop.services import capital_pay


class InterCoopCapitalPay(BaseMutation):
    """This (member) cooperative pays simpanan pokok or wajib into its sekunder: both books are
    posted in one transaction (this cooperative's penyertaan, the sekunder's equity)."""

    entry = graphene.Field(InterCoopCapitalEntryType)

    class Arguments:
        sekunder_slug = graphene.String(required=True)
        kind = graphene.String(required=True, description="pokok or wajib")
        amount = Money(required=True)
        date = graphene.Date(required=True)
        idempotency_key = graphene.String(required=True)
        paid_from = graphene.String(default_value="1102", description="1101 cash or 1102 bank")

    @classmethod
    def perform(cls, root, info, sekunder_slug, kind, amount, date, idempotency_key, paid_from):
        user = require_roles(info, CAPITAL_PAY_ROLES)
        mine, _ = capital_pay(
            sekunder=other_cooperative(sekunder_slug, field="sekunder_slug"),
            primary=this_cooperative(),
            kind=kind,
            amount=amount,
            date=date,
            idempotency_key=idempotency_key,
            paid_from=paid_from,
            created_by_id=user.pk,
        )
        return {"entry": mine}
