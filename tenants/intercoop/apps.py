from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntercoopConfig(AppConfig):
    name = "sokoguru.tenants.intercoop"
    label = "intercoop"
    verbose_name = _("Antarkoperasi")

    def ready(self) -> None:
        from sokoguru.tenants.intercoop.selectors import intercoop_jasa_paid
        from sokoguru.tenants.shu.participation import register_participation_source

        register_participation_source(
            "intercoop_loan_jasa",
            intercoop_jasa_paid,
            label="Jasa pinjaman antarkoperasi dibayar (koperasi sekunder)",
        )
