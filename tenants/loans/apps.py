from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "sokoguru.tenants.loans"
    label = "loans"
    verbose_name = _("Pinjaman")

    def ready(self) -> None:
        from sokoguru.tenants.ledger.signals import year_end_closing
        from sokoguru.tenants.loans.services.close_of_business import year_end_allowance

        year_end_closing.connect(year_end_allowance, dispatch_uid="loans.year_end_allowance")
