from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntercoopConfig(AppConfig):
    name = "sokoguru.tenants.intercoop"
    label = "intercoop"
    verbose_name = _("Antarkoperasi")
