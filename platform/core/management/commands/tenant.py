"""sokoguru tenant create|list|deactivate"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sokoguru.platform.core.errors import SokoguruError, format_errors
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.selectors import cooperative_list
from sokoguru.platform.tenancy.services import (
    cooperative_deactivate,
    cooperative_domain,
    cooperative_provision,
    platform_bootstrap,
)


class Command(BaseCommand):
    help = "Provision, list and deactivate cooperatives (tenants)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Register a cooperative and create its books")
        create.add_argument("--name", required=True)
        create.add_argument("--slug", required=True)
        create.add_argument(
            "--kind",
            required=True,
            choices=[k for k, _ in Cooperative.Kind.choices if k != Cooperative.Kind.PLATFORM],
        )
        create.add_argument("--region", required=True, help="Kemendagri kelurahan/desa code")
        create.add_argument("--legal-number", default="", help="Nomor induk koperasi (16 digits)")
        create.add_argument("--time-zone", default="Asia/Jakarta")
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
