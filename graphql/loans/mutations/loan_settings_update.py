from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.loans.mutations._common import acting_user_id
from sokoguru.graphql.loans.types import (
    LoanAccount,
    LoanQueueServing,
    LoanSettingsType,
)
from sokoguru.tenants.loans.permissions import POLICY_ROLES
from sokoguru.tenants.loans.services import loan_settings_update


class LoanSettingsInput(graphene.InputObjectType):
    queue_serving = LoanQueueServing()
    reminder_days_before = graphene.Int()
    dalam_perhatian_khusus_from = graphene.Int(
        description="First day past due of dalam perhatian khusus"
    )
    kurang_lancar_from = graphene.Int(description="First day past due of kurang lancar")
    diragukan_from = graphene.Int()
    macet_from = graphene.Int()
    allowance_lancar_percent = graphene.Decimal()
    allowance_dalam_perhatian_khusus_percent = graphene.Decimal()
    allowance_kurang_lancar_percent = graphene.Decimal()
    allowance_diragukan_percent = graphene.Decimal()
    allowance_macet_percent = graphene.Decimal()
    allowance_deducts_savings = graphene.Boolean()
    payroll_account = LoanAccount()


class LoanSettingsUpdate(BaseMutation):
    """Change the cooperative's loan policy (ketua or bendahara)."""

    settings = graphene.Field(LoanSettingsType)

    class Arguments:
        input = LoanSettingsInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, POLICY_ROLES)
        changes = {name: enum_value(value) for name, value in input.items() if value is not None}
        return {"settings": loan_settings_update(updated_by_id=user_id, **changes)}
