from __future__ import annotations

from sokoguru.graphql.savings.mutations.base import SavingsPostingInput, SavingsPostingMutation
from sokoguru.tenants.savings.services import sukarela_deposit


class SukarelaDepositInput(SavingsPostingInput):
    pass


class SukarelaDeposit(SavingsPostingMutation):
    """Deposit into simpanan sukarela."""

    service = staticmethod(sukarela_deposit)

    class Arguments:
        input = SukarelaDepositInput(required=True)
