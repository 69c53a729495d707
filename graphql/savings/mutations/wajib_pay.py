from __future__ import annotations

from sokoguru.graphql.savings.mutations.base import SavingsPostingInput, SavingsPostingMutation
from sokoguru.tenants.savings.services import wajib_pay


class WajibPayInput(SavingsPostingInput):
    pass


class WajibPay(SavingsPostingMutation):
    """Pay simpanan wajib: allocated to the oldest unpaid months."""

    service = staticmethod(wajib_pay)

    class Arguments:
        input = WajibPayInput(required=True)
