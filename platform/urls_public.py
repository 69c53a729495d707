"""URLs on the platform host (PLATFORM_DOMAIN). Composition root: mounts the federation GraphQL
API, the platform admin and (from the federation apps) the dashboard."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path, re_path

from sokoguru.graphql.core.views import SokoguruGraphQLView
from sokoguru.platform.accounts.views import api_token
from sokoguru.platform.admin_sites import platform_admin_site
from sokoguru.platform.autodiscover import autodiscover_admin

autodiscover_admin()

if settings.DEBUG:
    # Product photos live in each cooperative's media folder (/media/<schema>/…); in the demo the
    # platform host serves them for the public catalogue (production: the web server does).
    from django.views.static import serve

    media_urls = [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
else:
    media_urls = []

urlpatterns = [
    path("healthz", lambda request: HttpResponse("ok"), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/token/", api_token, name="api_token"),
    path("graphql/", SokoguruGraphQLView.as_view(schema_path="federation"), name="graphql"),
    path("admin/", platform_admin_site.urls),
    # The public product catalogue (no login): /katalog/kelurahan/<code>/, …/koperasi/<slug>/.
    path("", include("sokoguru.federation.catalogue.urls")),
    # The federation dashboard: "/" sends an official to their body's page, "/login/" logs in.
    path("", include("sokoguru.federation.dashboard.urls")),
    path("", include("sokoguru.federation.reports.urls")),
    *media_urls,
]

handler500 = "sokoguru.platform.core.views.server_error"
