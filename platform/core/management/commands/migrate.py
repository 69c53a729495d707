"""sokoguru migrate — the public schema, then only the cooperatives whose schema is behind.

Replaces django-tenants' ``migrate`` (this app comes before django_tenants in SHARED_APPS). The
public schema is migrated with Django's migrate; the schema template is rebuilt when the migration
graph changed; then the cooperatives whose recorded migration state differs from the code's are
migrated in parallel worker processes with a progress bar. A failing cooperative does not stop the
others: it is reported at the end and the command exits non-zero.
"""

from __future__ import annotations

import sys

from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connection
from tqdm import tqdm

from sokoguru.platform.tenancy import locks, spares, template
from sokoguru.platform.tenancy.tenant_migrations import (
    default_workers,
    pending_schemas,
    tenants_migrate,
)


class Command(DjangoMigrate):
    help = (
        "Migrate the public schema, then only the cooperative schemas that are behind "
        "(in parallel)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"Worker processes for cooperative schemas (default {default_workers()})",
        )
        parser.add_argument(
            "--public-only", action="store_true", help="Migrate the public schema only"
        )
        parser.add_argument("--tenants-only", action="store_true", help="Skip the public schema")
        parser.add_argument(
            "--all-tenants",
            action="store_true",
            help="Visit every cooperative, also those recorded as current",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, **options):
        connection.set_schema_to_public()
        if not locks.migrate_try_lock():
            self.stderr.write("Menunggu migrasi lain selesai... / waiting for another migrate")
            locks.migrate_lock()
        try:
            return self._handle(*args, **options)
        finally:
            connection.set_schema_to_public()
            locks.migrate_unlock()

    def _handle(self, *args, **options):
        verbosity = options["verbosity"]
        if not options["tenants_only"]:
            if verbosity >= 1:
                self.stdout.write(self.style.MIGRATE_HEADING("Skema publik:"))
            super().handle(*args, **options)
            connection.set_schema_to_public()
        if options["public_only"]:
            return
        if options["plan"] or options["check_unapplied"]:
            behind = pending_schemas()
            self.stdout.write(f"{len(behind)} skema koperasi perlu dimigrasi.")
            if options["check_unapplied"] and behind:
                sys.exit(1)
            return
        built = template.tenant_ddl()
        if verbosity >= 2:
            self.stdout.write(f"Templat skema koperasi: {built.key[:12]} ({built.statements})")
        discarded = spares.spares_discard_stale()
        if discarded and verbosity >= 1:
            self.stdout.write(f"{discarded} skema cadangan dari templat lama dibuang.")
        tenant_options = {
            "verbosity": max(0, verbosity - 1),
            "fake": options["fake"],
            "fake_initial": options["fake_initial"],
            "app_label": options["app_label"],
            "migration_name": options["migration_name"],
            "prune": options.get("prune", False),
        }
        force = bool(options["all_tenants"] or options["app_label"])
        bar = None
        show = not options["no_progress"] and verbosity >= 1

        def on_total(total: int) -> None:
            nonlocal bar
            if not show:
                return
            if bar is None:
                bar = tqdm(total=total, unit="koperasi", desc="Migrasi koperasi", file=sys.stderr)
            bar.total = total
            bar.refresh()

        def progress(n: int) -> None:
            if bar is not None:
                bar.update(n)

        try:
            report = tenants_migrate(
                workers=options["workers"],
                options=tenant_options,
                force=force,
                progress=progress,
                on_total=on_total,
            )
        finally:
            if bar is not None:
                bar.close()
        if verbosity >= 1:
            self.stdout.write(
                f"Skema koperasi: {len(report.migrated)} dimigrasi, {len(report.failed)} gagal "
                f"({report.seconds:.2f} s)."
            )
        if report.failed:
            for schema_name, error in sorted(report.failed.items()):
                self.stderr.write(f"  {schema_name}: {error}")
            raise CommandError(
                f"{len(report.failed)} skema koperasi gagal dimigrasi: "
                + ", ".join(sorted(report.failed))
            )
