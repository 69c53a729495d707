from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SnapshotsConfig(AppConfig):
    name = "sokoguru.federation.snapshots"
    label = "snapshots"
    verbose_name = _("Snapshot federasi")
