from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sokoguru.platform.audit"
    label = "audit"
    verbose_name = _("Jejak audit")

    def ready(self) -> None:
        from sokoguru.platform.audit import registry

        registry.connect()
