from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SavingsConfig(AppConfig):
    name = "sokoguru.tenants.savings"
    label = "savings"
    verbose_name = _("Simpanan")
