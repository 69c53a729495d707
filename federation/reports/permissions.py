"""Who may request and download a body's oversight reports: the officials of that body (the
``official`` role; a ``viewer`` sees the dashboard but not the reports). ``SYSTEM`` is the actor
of the monthly beat."""

from __future__ import annotations

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import NotFound

REPORT_ROLES = frozenset({BodyRole.Role.OFFICIAL})


def is_body_official(user, body: OversightBody) -> bool:
    if user is SYSTEM:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return BodyRole.objects.filter(user=user, body=body, role__in=REPORT_ROLES).exists()


def require_body_official(user, body: OversightBody, *, field: str = "body") -> None:
    """Refuse exactly like an unknown body (no existence leak) unless ``user`` is an official
    of ``body``."""
    if not is_body_official(user, body):
        raise NotFound("Badan tidak ditemukan. / Body not found.", field=field)
