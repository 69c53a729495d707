"""Who may do what in the production app (roles in the cooperative). Services call
``require_role`` with these sets; GraphQL, admin and pages reuse them."""

from __future__ import annotations

# Record a business, its weekly/monthly output: the PKK volunteers are usually the sekretaris
# or kasir; every officer may enter output.
OUTPUT_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
# Catalogue: products, prices, photos, publishing, stock movements.
CATALOGUE_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
# Sales at the counter, online or at an exhibition.
SALE_ROLES = frozenset({"ketua", "bendahara", "kasir"})
# Paying consignors what they are owed.
SETTLEMENT_ROLES = frozenset({"ketua", "bendahara"})
# Read-only views (reports, trends): officers and the pengawas.
VIEW_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir", "pengawas"})
