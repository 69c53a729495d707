"""Background work of the registry."""

from __future__ import annotations

from sokoguru.platform.celery import platform_task


@platform_task(name="sokoguru.tenancy.spares_refill")
def spares_refill() -> dict:
    """Drop spares of an old template, then top the pool up to its size (idempotent)."""
    from sokoguru.platform.tenancy.spares import spares_discard_stale, spares_fill

    return {"discarded": spares_discard_stale(), "built": spares_fill()}
