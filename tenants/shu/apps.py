from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShuConfig(AppConfig):
    name = "sokoguru.tenants.shu"
    label = "shu"
    verbose_name = _("Sisa hasil usaha (SHU)")

    def ready(self) -> None:
        from sokoguru.tenants.shu.participation import loan_jasa_paid, register_participation_source

        register_participation_source("loan_jasa", loan_jasa_paid, label="Jasa pinjaman dibayar")
