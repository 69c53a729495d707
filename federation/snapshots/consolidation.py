"""Consolidated totals: the figures of a group of cooperatives with the money between them
eliminated, so no rupiah is counted twice.

A member cooperative's simpanan pokok and wajib in its koperasi sekunder are the sekunder's
equity *and* the member cooperative's asset (penyertaan); a loan from the sekunder to a member
cooperative is the sekunder's receivable *and* the member cooperative's payable. Summing the
snapshots of both counts that money twice. For every pair of cooperatives that are both in the
group, the snapshot's ``intercoop_balances`` (aggregates per counterparty, written in each
cooperative's own schema) say what to take out; each side's own figure is eliminated from its
own line, so a pair that does not reconcile leaves its difference visible in the totals
(``unreconciled``) instead of hiding it.

Reads the public snapshot table only (two queries), like every federation request."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from sokoguru.federation.scope.selectors import Scope
from sokoguru.federation.snapshots.models import CooperativeSnapshot

ZERO = Decimal("0.00")
FIELDS = (
    "total_assets",
    "total_liabilities",
    "total_equity",
    "savings_pokok",
    "savings_wajib",
    "savings_total",
)
# Which balance of which side comes off which total.
RULES = {
    "capital_invested": ("total_assets",),
    "loan_receivable": ("total_assets",),
    "loan_payable": ("total_liabilities",),
    "capital_held": ("total_equity", "savings_total"),
    "capital_pokok": ("savings_pokok",),
    "capital_wajib": ("savings_wajib",),
}
ITEM_LABELS = {
    "capital": _(
        "Simpanan pokok dan wajib koperasi anggota di koperasi sekunder (ekuitas sekunder) "
        "dan penyertaan koperasi anggota pada sekunder (aset koperasi anggota)"
    ),
    "loans": _(
        "Pinjaman antarkoperasi: piutang koperasi sekunder dan utang koperasi anggota kepada "
        "sekunder"
    ),
}


@dataclass
class EliminatedItem:
    key: str  # "capital" or "loans"
    label: str
    holder_side: Decimal  # the sekunder's figure (equity held, loans receivable)
    counter_side: Decimal  # the member cooperatives' figure (penyertaan, loans payable)

    @property
    def unreconciled(self) -> Decimal:
        return self.holder_side - self.counter_side


@dataclass
class Consolidation:
    cooperative_count: int
    gross: dict = field(default_factory=dict)
    eliminated: dict = field(default_factory=dict)
    items: list = field(default_factory=list)

    @property
    def net(self) -> dict:
        return {f: self.gross[f] - self.eliminated[f] for f in FIELDS}

    @property
    def eliminated_total(self) -> Decimal:
        return sum((i.holder_side + i.counter_side for i in self.items), ZERO)

    def __getattr__(self, name):
        if name.startswith("net_") and name[4:] in FIELDS:
            return self.net[name[4:]]
        raise AttributeError(name)


def consolidation_rows_q(scope: Scope) -> Q:
    """The group: the scope's cooperatives and, for a sekunder, the sekunder itself."""
    q = scope.snapshot_q()
    if scope.is_sekunder:
        q |= Q(cooperative_id=scope.pk)
    return q


def consolidated_totals(*, scope: Scope) -> Consolidation:
    """Gross sums, what was eliminated and the net (``setelah eliminasi``) over the group."""
    qs = CooperativeSnapshot.objects.filter(is_latest=True, cooperative__is_active=True).filter(
        consolidation_rows_q(scope)
    )
    pairs = list(qs.values_list("cooperative_id", "intercoop_balances"))
    ids = {cid for cid, _ in pairs}
    sums = qs.aggregate(**{f: Sum(f) for f in FIELDS})
    result = Consolidation(
        cooperative_count=len(ids),
        gross={f: sums[f] if sums[f] is not None else ZERO for f in FIELDS},
        eliminated=dict.fromkeys(FIELDS, ZERO),
    )
    sides = dict.fromkeys(RULES, ZERO)
    for _cooperative_id, balances in pairs:
        for counterparty, values in (balances or {}).items():
            if int(counterparty) not in ids:
                continue  # the other side is outside the group: nothing is counted twice
            for key, totals in RULES.items():
                amount = Decimal(values.get(key) or "0")
                sides[key] += amount
                for total in totals:
                    result.eliminated[total] += amount
    if sides["capital_held"] or sides["capital_invested"]:
        result.items.append(
            EliminatedItem(
                "capital",
                str(ITEM_LABELS["capital"]),
                sides["capital_held"],
                sides["capital_invested"],
            )
        )
    if sides["loan_receivable"] or sides["loan_payable"]:
        result.items.append(
            EliminatedItem(
                "loans",
                str(ITEM_LABELS["loans"]),
                sides["loan_receivable"],
                sides["loan_payable"],
            )
        )
    return result
