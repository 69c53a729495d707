"""Resolve the cooperative from the request's host and point the connection at its schema.

The host → cooperative lookup is served from an in-process cache (``tenancy/hosts.py``), so a
request costs no registry query in the steady state; the connection's ``search_path`` is set once
per request (at its first query; ``TENANT_LIMIT_SET_CALLS``), not once per cursor.
"""

from __future__ import annotations

from django.http import Http404
from django_tenants.middleware.main import TenantMainMiddleware

from sokoguru.platform.tenancy.hosts import host_cache


class CooperativeMiddleware(TenantMainMiddleware):
    """django-tenants' host resolution; an unknown or deactivated cooperative's host is a 404."""

    def get_tenant(self, domain_model, hostname):
        tenant = host_cache.cooperative_for_host(hostname)
        if tenant is None:
            raise domain_model.DoesNotExist(hostname)
        if not tenant.is_active and tenant.schema_name != "public":
            raise Http404("Koperasi tidak aktif")
        return tenant

    def no_tenant_found(self, request, hostname):
        raise Http404(f"Host tidak dikenal: {hostname}")
