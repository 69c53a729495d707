"""Content-Security-Policy header (Django 5.2 has none built in): scripts and styles from this
host only, no inline script, no framing, no plugins (``settings.CONTENT_SECURITY_POLICY``)."""

from __future__ import annotations

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if not policy or "Content-Security-Policy" in response:
            return response
        # GraphiQL (debug only) loads its scripts from a CDN with an inline bootstrap.
        if settings.DEBUG and request.path.endswith("/graphql/"):
            return response
        response["Content-Security-Policy"] = policy
        return response
