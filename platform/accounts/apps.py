from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sokoguru.platform.accounts"
    label = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from sokoguru.platform.accounts import signals, throttle  # noqa: F401
