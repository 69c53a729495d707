from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "sokoguru.federation.oversight"
    label = "oversight"
    verbose_name = _("Badan pengawas")
