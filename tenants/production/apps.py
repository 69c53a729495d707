from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductionConfig(AppConfig):
    name = "sokoguru.tenants.production"
    label = "production"
    verbose_name = _("Usaha anggota dan produk")
