from __future__ import annotations

from sokoguru.graphql.savings.mutations.base import SavingsPostingInput, SavingsPostingMutation
from sokoguru.tenants.savings.services import sukarela_withdraw


class SukarelaWithdrawInput(SavingsPostingInput):
    pass


class SukarelaWithdraw(SavingsPostingMutation):
    """Withdraw from simpanan sukarela (refused beyond the balance)."""

    service = staticmethod(sukarela_withdraw)

    class Arguments:
        input = SukarelaWithdrawInput(required=True)
