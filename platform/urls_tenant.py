"""URLs on a cooperative's host (<slug>.<PLATFORM_DOMAIN>). Composition root: mounts the
cooperative GraphQL API, the cooperative's admin (configuration) and, at ``/``, the workspace
(ruang kerja) where officers do the daily work."""

from django.http import HttpResponse
from django.urls import include, path

from sokoguru.graphql.core.views import SokoguruGraphQLView
from sokoguru.platform.accounts.views import api_token
from sokoguru.platform.admin_sites import cooperative_admin_site
from sokoguru.platform.autodiscover import autodiscover_admin

autodiscover_admin()

urlpatterns = [
    path("healthz", lambda request: HttpResponse("ok"), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/token/", api_token, name="api_token"),
    path("graphql/", SokoguruGraphQLView.as_view(schema_path="cooperative"), name="graphql"),
    path("admin/", cooperative_admin_site.urls),
    # Phone-first entry of this week's output of the members' businesses.
    path("produksi/", include("sokoguru.tenants.production.urls")),
    path("", include("sokoguru.tenants.workspace.urls")),
]

handler500 = "sokoguru.platform.core.views.server_error"
