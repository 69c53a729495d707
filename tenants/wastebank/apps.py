from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WastebankConfig(AppConfig):
    name = "sokoguru.tenants.wastebank"
    label = "wastebank"
    verbose_name = _("Bank sampah")
