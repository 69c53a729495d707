"""Resolve the cooperative from the request's host and point the connection at its schema."""

from __future__ import annotations

from django.http import Http404
from django_tenants.middleware.main import TenantMainMiddleware


class CooperativeMiddleware(TenantMainMiddleware):
    """django-tenants' host resolution; an unknown or deactivated cooperative's host is a 404."""

    def get_tenant(self, domain_model, hostname):
        domain = domain_model.objects.select_related("tenant").get(domain=hostname)
        tenant = domain.tenant
        if not tenant.is_active and tenant.schema_name != "public":
            raise Http404("Koperasi tidak aktif")
        return tenant

    def no_tenant_found(self, request, hostname):
        raise Http404(f"Host tidak dikenal: {hostname}")
