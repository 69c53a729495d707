from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "sokoguru.platform.tenancy"
    label = "tenancy"
    verbose_name = _("Registri koperasi")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from sokoguru.platform.tenancy import distributed
        from sokoguru.platform.tenancy.hosts import registry_changed
        from sokoguru.platform.tenancy.models import Cooperative, Domain

        for model in (Cooperative, Domain):
            post_save.connect(registry_changed, sender=model, dispatch_uid=f"hosts-{model}")
            post_delete.connect(registry_changed, sender=model, dispatch_uid=f"hosts-del-{model}")
        connection_created.connect(distributed.connection_created, dispatch_uid="citus-session")
