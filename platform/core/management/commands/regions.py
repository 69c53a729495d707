"""sokoguru regions load FILE.csv — load the official region list (Kemendagri codes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sokoguru.platform.tenancy.services import DEMO_REGIONS, region_load_csv


class Command(BaseCommand):
    help = "Load regions (columns code,name) from a CSV of the Kemendagri list."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load")
        load.add_argument("path", nargs="?", default=str(DEMO_REGIONS))

    def handle(self, *args, **opts):
        try:
            count = region_load_csv(path=opts["path"])
        except ValidationError as exc:
            lines = [f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items()]
            raise CommandError("Tidak ada wilayah dimuat:\n" + "\n".join(lines)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"path: file not found: {opts['path']}") from exc
        self.stdout.write(self.style.SUCCESS(f"{count} wilayah dimuat."))
