"""Access to a cooperative's host: a session from another host is dropped, and an authenticated
user without a role in this cooperative is refused (403)."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponseForbidden
from django.utils import timezone

from sokoguru.platform.accounts.selectors import user_roles_in
from sokoguru.platform.accounts.signals import SESSION_SCHEMA_KEY

PUBLIC_PATHS = ("/static/", "/healthz")


class CooperativeAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            bound = request.session.get(SESSION_SCHEMA_KEY)
            if bound != connection.schema_name:
                # A cookie replayed from another host: never authenticates here.
                logout(request)
                request.user = AnonymousUser()
                user = request.user
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
