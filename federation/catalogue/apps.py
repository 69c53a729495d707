from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "sokoguru.federation.catalogue"
    label = "catalogue"
    verbose_name = _("Katalog publik dan pameran")
