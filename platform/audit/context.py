"""Who is acting, from which address: set per request by ``AuditContextMiddleware`` (after
authentication), read by the audit registry's signal handlers."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    email: str = ""
    address: str | None = None


NOBODY = Actor()
current_actor: ContextVar[Actor] = ContextVar("sokoguru_audit_actor", default=NOBODY)  # noqa: B039


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        token = current_actor.set(
            Actor(
                user_id=user.pk if authenticated else None,
                email=user.get_username() if authenticated else "",
                address=request.META.get("REMOTE_ADDR") or None,
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)
