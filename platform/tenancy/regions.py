"""Region containment, once: a Kemendagri code lies in a region when it is the region's code or
starts with it followed by a dot (``12.71`` contains ``12.71.01`` and ``12.71.01.1001``)."""

from __future__ import annotations

from django.db.models import Q


def region_contains(region_code: str, code: str | None) -> bool:
    code = code or ""
    return code == region_code or code.startswith(region_code + ".")


def region_q(field: str, region_code: str) -> Q:
    """Rows whose ``field`` (a region code) lies in ``region_code``."""
    return Q(**{field: region_code}) | Q(**{f"{field}__startswith": region_code + "."})
