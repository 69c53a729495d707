"""Days past due and collectibility buckets (kolektibilitas) — pure functions.

Default buckets (Permenkop / OJK practice for savings-and-loan cooperatives):

========================  ==================
lancar                    0 days past due
kurang lancar             1–90
diragukan                 91–180
macet                     more than 180
========================  ==================

A product may move the boundaries: ``kurang_lancar_from`` (default 1), ``diragukan_from``
(91) and ``macet_from`` (181) are the first day of each bucket.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

LANCAR, KURANG_LANCAR, DIRAGUKAN, MACET = "lancar", "kurang_lancar", "diragukan", "macet"
BUCKETS = (LANCAR, KURANG_LANCAR, DIRAGUKAN, MACET)
BUCKET_LABELS = {
    LANCAR: "Lancar",
    KURANG_LANCAR: "Kurang lancar",
    DIRAGUKAN: "Diragukan",
    MACET: "Macet",
}
# Loss allowance (penyisihan penghapusan piutang) per bucket, as a fraction of the outstanding
# principal — the cooperative may change them in its loan settings.
DEFAULT_ALLOWANCE_RATES = {
    LANCAR: Decimal("0.005"),
    KURANG_LANCAR: Decimal("0.10"),
    DIRAGUKAN: Decimal("0.50"),
    MACET: Decimal("1.00"),
}


@dataclass(frozen=True)
class BucketThresholds:
    kurang_lancar_from: int = 1
    diragukan_from: int = 91
    macet_from: int = 181

    def __post_init__(self):
        if not 1 <= self.kurang_lancar_from < self.diragukan_from < self.macet_from:
            raise ValueError("bucket thresholds must rise: 1 ≤ kurang lancar < diragukan < macet")


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
    return LANCAR
