"""Who may do what with the cooperative's health assessment (roles in the cooperative)."""

from __future__ import annotations

# Fill the management questionnaire: the supervisory board (pengawas) assesses the management.
QUESTIONNAIRE_ROLES = frozenset({"pengawas"})
# Recompute the month's assessment from the books.
COMPUTE_ROLES = frozenset({"ketua", "bendahara", "pengawas"})
# Read the assessment.
READ_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "pengawas", "kasir"})
