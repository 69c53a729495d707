"""sokoguru tenant create|generate|list|deactivate"""

from __future__ import annotations

import csv
import sys
import time

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sokoguru.platform.core.errors import SokoguruError, format_errors
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.selectors import cooperative_list
from sokoguru.platform.tenancy.services import (
    ProvisionRow,
    cooperative_deactivate,
    cooperative_domain,
    cooperative_provision,
    cooperative_provision_many,
    platform_bootstrap,
)

CSV_COLUMNS = ("name", "slug", "kind", "region", "legal_number", "time_zone")


class Command(BaseCommand):
    help = "Provision, list and deactivate cooperatives (tenants)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create",
            help="Register a cooperative and create its books (or many: --from-csv FILE)",
        )
        create.add_argument(
            "--from-csv",
            metavar="FILE",
            help="Provision every row of a CSV with columns " + ",".join(CSV_COLUMNS),
        )
        create.add_argument("--name")
        create.add_argument("--slug")
        create.add_argument(
            "--kind",
            choices=[k for k, _ in Cooperative.Kind.choices if k != Cooperative.Kind.PLATFORM],
        )
        create.add_argument("--region", help="Kemendagri kelurahan/desa code")
        create.add_argument("--legal-number", default="", help="Nomor induk koperasi (16 digits)")
        create.add_argument("--time-zone", default="Asia/Jakarta")
        gen = sub.add_parser(
            "generate", help="Provision N realistic synthetic cooperatives (load tests)"
        )
        amount = gen.add_mutually_exclusive_group(required=True)
        amount.add_argument("--count", type=int, help="Make N more after the highest number")
        amount.add_argument(
            "--total",
            type=int,
            help="Bring the generated cooperatives up to N (a rerun continues where it stopped)",
        )
        gen.add_argument("--seed", type=int, default=2026)
        gen.add_argument("--batch-size", type=int, default=5)
        gen.add_argument("--workers", type=int, default=1, help="Parallel worker processes")
        create.add_argument("--batch-size", type=int, default=25)
        check = sub.add_parser(
            "check",
            help="Compare cooperative schemas with the schema template (exit 1 on any drift)",
        )
        check.add_argument("slugs", nargs="*", help="Cooperatives to check (default: all)")
        lst = sub.add_parser("list", help="List cooperatives")
        lst.add_argument("--kind")
        lst.add_argument("--region")
        deact = sub.add_parser("deactivate", help="Deactivate a cooperative (its host 404s)")
        deact.add_argument("slug")

    def handle(self, *args, **opts):
        action = opts["action"]
        try:
            return getattr(self, f"do_{action}")(opts)
        except (ValidationError, SokoguruError) as exc:
            raise CommandError(format_errors(exc)) from exc

    def do_create(self, opts):
        platform_bootstrap()
        if opts.get("from_csv"):
            return self._create_from_csv(opts)
        missing = [f"--{n}" for n in ("name", "slug", "kind", "region") if not opts.get(n)]
        if missing:
            raise CommandError("wajib diisi / required: " + ", ".join(missing))
        coop = cooperative_provision(
            name=opts["name"],
            slug=opts["slug"],
            kind=opts["kind"],
            domicile_code=opts["region"],
            legal_number=opts["legal_number"],
            time_zone=opts["time_zone"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Koperasi dibuat: {coop.name} → http://{cooperative_domain(coop.slug)}"
            )
        )

    def do_list(self, opts):
        rows = cooperative_list(kind=opts.get("kind"), region_code=opts.get("region"))
        for coop in rows:
            state = "aktif" if coop.is_active else "nonaktif"
            self.stdout.write(
                f"{coop.slug:<28} {coop.kind:<14} {coop.domicile_id or '-':<14} {state:<9} "
                f"{coop.name}"
            )

    def do_deactivate(self, opts):
        coop = cooperative_deactivate(slug=opts["slug"])
        self.stdout.write(self.style.SUCCESS(f"Koperasi dinonaktifkan: {coop.name}"))

    def _progress(self, total: int, desc: str):
        from tqdm import tqdm

        return tqdm(total=total, unit="koperasi", desc=desc, file=sys.stderr)

    def _create_from_csv(self, opts):
        path = opts["from_csv"]
        try:
            with open(path, newline="", encoding="utf-8-sig") as fh:
                reader = csv.DictReader(fh)
                unknown = set(reader.fieldnames or []) - set(CSV_COLUMNS) - {"domicile_code"}
                if unknown:
                    raise CommandError(f"kolom tidak dikenal: {', '.join(sorted(unknown))}")
                rows = [
                    ProvisionRow(
                        line=line,
                        name=(r.get("name") or "").strip(),
                        slug=(r.get("slug") or "").strip(),
                        kind=(r.get("kind") or "").strip(),
                        domicile_code=(r.get("region") or r.get("domicile_code") or "").strip(),
                        legal_number=(r.get("legal_number") or "").strip(),
                        time_zone=(r.get("time_zone") or "").strip() or "Asia/Jakarta",
                    )
                    for line, r in enumerate(reader, start=2)
                ]
        except FileNotFoundError as exc:
            raise CommandError(f"from_csv: file tidak ditemukan: {path}") from exc
        started = time.monotonic()
        bar = self._progress(len(rows), "Membuat koperasi")
        try:
            result = cooperative_provision_many(
                rows=rows, batch_size=opts["batch_size"], progress=bar.update
            )
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} koperasi dibuat dalam {time.monotonic() - started:.1f} s."
            )
        )
        if result.errors:
            for line, fields in sorted(result.errors.items()):
                for name, messages in fields.items():
                    label = "umum" if name == NON_FIELD_ERRORS else name
                    self.stderr.write(f"baris {line}: {label}: {'; '.join(messages)}")
            raise CommandError(f"{len(result.errors)} baris gagal; baris lain sudah dibuat.")

    def do_generate(self, opts):
        from sokoguru.platform.tenancy.generate import cooperatives_generate

        platform_bootstrap()
        count, total = opts["count"], opts["total"]
        if (count if count is not None else total) < 1:
            raise CommandError(f"{'count' if count is not None else 'total'}: minimal 1")
        started = time.monotonic()
        bar = self._progress(count or 0, "Membuat koperasi sintetis")

        def set_total(n):
            bar.total = n
            bar.refresh()

        try:
            result = cooperatives_generate(
                count=count,
                total=total,
                seed=opts["seed"],
                batch_size=opts["batch_size"],
                workers=max(1, opts["workers"]),
                progress=bar.update,
                on_total=set_total,
            )
        except ValueError as exc:
            raise CommandError(f"count: {exc}") from exc
        finally:
            bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} koperasi sintetis dibuat dalam {seconds:.1f} s "
                f"({seconds / max(1, len(result.created)) * 1000:.1f} ms per koperasi)."
            )
        )
        if result.errors:
            for line, fields in sorted(result.errors.items()):
                self.stderr.write(f"baris {line}: {fields}")
            raise CommandError(f"{len(result.errors)} koperasi gagal dibuat.")

    def do_check(self, opts):
        from django.db import connection

        from sokoguru.platform.tenancy import distributed, template
        from sokoguru.platform.tenancy.ddl import catalog_differences, schema_catalog

        template.tenant_ddl()  # builds the template schema when the graph changed
        expected = schema_catalog(template.TEMPLATE_SCHEMA, data=False)
        expected.pop("migrations", None)
        rows = cooperative_list()
        if opts["slugs"]:
            rows = rows.filter(slug__in=opts["slugs"])
        drifted = 0
        citus = distributed.citus_enabled()
        for coop in rows:
            try:
                actual = schema_catalog(coop.schema_name, data=False)
            except ValueError as exc:
                diffs = [str(exc)]
            else:
                actual.pop("migrations", None)
                wanted = expected
                if citus and distributed.schema_is_distributed(coop.schema_name):
                    # Citus keeps a distributed table's foreign-key triggers on its shard, not
                    # on the coordinator's shell (the constraints themselves are compared).
                    wanted = {k: v for k, v in expected.items() if k != "internal_triggers"}
                    actual.pop("internal_triggers", None)
                diffs = catalog_differences(wanted, actual)
            connection.set_schema_to_public()
            if diffs:
                drifted += 1
                self.stdout.write(f"{coop.slug}: {len(diffs)} perbedaan")
                for line in diffs[:20]:
                    self.stdout.write(f"  {line}")
        self.stdout.write(f"{rows.count()} koperasi diperiksa, {drifted} berbeda dari templat.")
        if drifted:
            raise CommandError(f"{drifted} skema koperasi berbeda dari templat.")
