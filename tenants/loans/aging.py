"""Days past due and collectibility classes (kolektibilitas) — pure functions.

Five classes, as cooperative guidance uses for loans repaid in monthly instalments (the
five-class practice of Indonesian lenders: a loan a few days late needs attention, it is not
yet non-performing). Defaults, all configurable in the loan settings:

========================  ==================  ==================
class                     days past due       allowance (CKPN)
========================  ==================  ==================
lancar                    0                   0,5 %
dalam perhatian khusus    1–90                5 %
kurang lancar             91–120              15 %
diragukan                 121–180             50 %
macet                     more than 180       100 %
========================  ==================  ==================

Non-performing loans (NPL) are kurang lancar + diragukan + macet (``NON_PERFORMING``).
``dalam_perhatian_khusus_from``, ``kurang_lancar_from``, ``diragukan_from`` and ``macet_from``
are the first day of each class.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

LANCAR, DALAM_PERHATIAN_KHUSUS, KURANG_LANCAR, DIRAGUKAN, MACET = (
    "lancar",
    "dalam_perhatian_khusus",
    "kurang_lancar",
    "diragukan",
    "macet",
)
BUCKETS = (LANCAR, DALAM_PERHATIAN_KHUSUS, KURANG_LANCAR, DIRAGUKAN, MACET)
NON_PERFORMING = (KURANG_LANCAR, DIRAGUKAN, MACET)
BUCKET_LABELS = {
    LANCAR: "Lancar",
    DALAM_PERHATIAN_KHUSUS: "Dalam perhatian khusus",
    KURANG_LANCAR: "Kurang lancar",
    DIRAGUKAN: "Diragukan",
    MACET: "Macet",
}
# Loss allowance (cadangan kerugian piutang) per class, as a fraction of the outstanding
# principal (less the savings held, where the loan settings say so) — the cooperative may
# change them in its loan settings.
DEFAULT_ALLOWANCE_RATES = {
    LANCAR: Decimal("0.005"),
    DALAM_PERHATIAN_KHUSUS: Decimal("0.05"),
    KURANG_LANCAR: Decimal("0.15"),
    DIRAGUKAN: Decimal("0.50"),
    MACET: Decimal("1.00"),
}


@dataclass(frozen=True)
class BucketThresholds:
    kurang_lancar_from: int = 91
    diragukan_from: int = 121
    macet_from: int = 181
    dalam_perhatian_khusus_from: int = 1

    def __post_init__(self):
        if not (
            1
            <= self.dalam_perhatian_khusus_from
            < self.kurang_lancar_from
            < self.diragukan_from
            < self.macet_from
        ):
            raise ValueError(
                "class thresholds must rise: 1 ≤ dalam perhatian khusus < kurang lancar "
                "< diragukan < macet"
            )


def days_past_due(*, as_of: date, oldest_unpaid_due_date: date | None) -> int:
    """Days since the due date of the oldest instalment still (partly) unpaid; an instalment
    due today is not late yet."""
    if oldest_unpaid_due_date is None or oldest_unpaid_due_date >= as_of:
        return 0
    return (as_of - oldest_unpaid_due_date).days


def bucket_for(days: int, thresholds: BucketThresholds | None = None) -> str:
    t = thresholds or BucketThresholds()
    if days >= t.macet_from:
        return MACET
    if days >= t.diragukan_from:
        return DIRAGUKAN
    if days >= t.kurang_lancar_from:
        return KURANG_LANCAR
    if days >= t.dalam_perhatian_khusus_from:
        return DALAM_PERHATIAN_KHUSUS
    return LANCAR


def is_non_performing(bucket: str) -> bool:
    return bucket in NON_PERFORMING
