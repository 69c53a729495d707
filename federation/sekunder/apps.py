from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SekunderConfig(AppConfig):
    name = "sokoguru.federation.sekunder"
    label = "sekunder"
    verbose_name = _("Koperasi sekunder")
