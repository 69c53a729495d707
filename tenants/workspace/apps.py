from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The cooperative's web pages (ruang kerja): views, forms and templates over the services
    and selectors of the other tenant apps. It keeps no tables of its own."""

    name = "sokoguru.tenants.workspace"
    label = "workspace"
    verbose_name = _("Ruang kerja")
