"""Access to a cooperative's host: a bearer token of this host authenticates an API client; a
session cookie from another host is refused (and left intact: the user's real session on its
own host survives a replay); an authenticated user without a role in this cooperative is
refused (403)."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpResponseForbidden, JsonResponse
from django.utils import timezone

from sokoguru.platform.accounts.selectors import user_roles_in
from sokoguru.platform.accounts.signals import SESSION_SCHEMA_KEY
from sokoguru.platform.accounts.tokens import api_token_authenticate, bearer

PUBLIC_PATHS = ("/static/", "/healthz")

logger = logging.getLogger("sokoguru.security")


class CooperativeAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        raw = bearer(request)
        if raw is not None:
            token = api_token_authenticate(raw=raw, schema_name=connection.schema_name)
            if token is None:
                return JsonResponse(
                    {
                        "errors": [
                            {
                                "message": "Token tidak valid untuk host ini. / "
                                "Invalid token for this host.",
                                "extensions": {"code": "not_authenticated", "field": None},
                            }
                        ]
                    },
                    status=401,
                )
            request.api_token = token
            request.user = token.user
            request._dont_enforce_csrf_checks = True  # no ambient credential: nothing to forge
        user = getattr(request, "user", None)
        if raw is None and user is not None and user.is_authenticated:
            bound = request.session.get(SESSION_SCHEMA_KEY)
            if bound != connection.schema_name:
                # A cookie replayed from another host: never authenticates here, and is not
                # flushed either (that would log the user out of the host it belongs to).
                logger.warning("session of %s refused on %s", bound, connection.schema_name)
                return HttpResponseForbidden(
                    "Sesi ini bukan untuk host ini. / This session belongs to another host."
                )
        tenant = getattr(request, "tenant", None)
        # Dates and times in the cooperative's own time zone (WIB unless it says otherwise).
        timezone.activate(getattr(tenant, "time_zone", None) or "Asia/Jakarta")
        if (
            tenant is not None
            and tenant.schema_name != "public"
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(PUBLIC_PATHS)
            and not user_roles_in(user=user, cooperative_id=tenant.pk)
        ):
            return HttpResponseForbidden(
                "Anda tidak memiliki peran di koperasi ini. / You hold no role in this cooperative."
            )
        return self.get_response(request)
