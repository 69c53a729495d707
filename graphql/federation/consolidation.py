"""Federation GraphQL: consolidated totals with the balances between cooperatives eliminated
(``federation.snapshots.consolidation``)."""

from __future__ import annotations

import graphene

from sokoguru.federation.snapshots.consolidation import FIELDS


class ConsolidatedFigures(graphene.ObjectType):
    total_assets = graphene.Decimal(required=True)
    total_liabilities = graphene.Decimal(required=True)
    total_equity = graphene.Decimal(required=True)
    savings_pokok = graphene.Decimal(required=True)
    savings_wajib = graphene.Decimal(required=True)
    savings_total = graphene.Decimal(required=True)


class EliminatedBalance(graphene.ObjectType):
    key = graphene.String(required=True, description="capital or loans")
    label = graphene.String(required=True, description="What was eliminated (Indonesian)")
    holder_side = graphene.Decimal(
        required=True, description="The sekunder's figure (equity held, loans receivable)"
    )
    counter_side = graphene.Decimal(
        required=True, description="The member cooperatives' figure (penyertaan, loans payable)"
    )
    unreconciled = graphene.Decimal(required=True, description="holder_side - counter_side")


class ConsolidatedTotals(graphene.ObjectType):
    """Totals over the scope (a sekunder: with the sekunder itself) "setelah eliminasi": the
    simpanan pokok/wajib member cooperatives hold in their sekunder and the inter-cooperative
    loans are counted once."""

    cooperative_count = graphene.Int(required=True)
    gross = graphene.Field(ConsolidatedFigures, required=True, description="Plain sum")
    eliminated = graphene.Field(ConsolidatedFigures, required=True)
    net = graphene.Field(ConsolidatedFigures, required=True, description="Setelah eliminasi")
    eliminated_items = graphene.List(graphene.NonNull(EliminatedBalance), required=True)
    note = graphene.String(required=True)

    @staticmethod
    def resolve_gross(root, info):
        return ConsolidatedFigures(**{f: root.gross[f] for f in FIELDS})

    @staticmethod
    def resolve_eliminated(root, info):
        return ConsolidatedFigures(**{f: root.eliminated[f] for f in FIELDS})

    @staticmethod
    def resolve_net(root, info):
        return ConsolidatedFigures(**root.net)

    @staticmethod
    def resolve_eliminated_items(root, info):
        return [
            EliminatedBalance(
                key=i.key,
                label=i.label,
                holder_side=i.holder_side,
                counter_side=i.counter_side,
                unreconciled=i.unreconciled,
            )
            for i in root.items
        ]

    @staticmethod
    def resolve_note(root, info):
        from django.utils.translation import gettext

        return gettext(
            "Total setelah eliminasi: saldo antarkoperasi (simpanan pokok/wajib koperasi "
            "anggota di sekunder dan penyertaannya, pinjaman antarkoperasi) dihitung sekali."
        )
