from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """Steps that span several tenant apps (member exit, payroll import with loan
    instalments): the one place allowed to import several of them. No models of its own."""

    name = "sokoguru.tenants.workflows"
    label = "workflows"
    verbose_name = _("Alur kerja")
