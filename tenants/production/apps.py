from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductionConfig(AppConfig):
    name = "sokoguru.tenants.production"
    label = "production"
    verbose_name = _("Usaha anggota dan produk")

    def ready(self) -> None:
        from sokoguru.tenants.production.selectors import consignment_participation_between
        from sokoguru.tenants.shu.participation import register_participation_source

        register_participation_source(
            "consignment_sales",
            consignment_participation_between,
            label="Penjualan titip jual melalui koperasi",
        )
