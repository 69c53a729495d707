"""``sokoguru intercoop_reconcile --sekunder SLUG``: compare the sekunder's books with each
member cooperative's (capital held vs penyertaan, loan receivable vs payable); exit 1 when any
pair differs."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.intercoop.selectors import intercoop_reconciliation


class Command(BaseCommand):
    help = "Rekonsiliasi saldo antarkoperasi sekunder dan koperasi anggotanya."

    def add_arguments(self, parser):
        parser.add_argument("--sekunder", required=True, help="slug koperasi sekunder")

    def handle(self, *args, **options):
        sekunder = Cooperative.objects.filter(
            slug=options["sekunder"], kind=Cooperative.Kind.SECONDARY
        ).first()
        if sekunder is None:
            raise CommandError("Koperasi sekunder tidak ditemukan.")
        rows = intercoop_reconciliation(sekunder=sekunder)
        differences = 0
        for row in rows:
            status = "cocok" if row.reconciled else "SELISIH"
            differences += not row.reconciled
            self.stdout.write(
                f"{row.member_cooperative_name}: modal {format_rupiah(row.capital_held)} / "
                f"{format_rupiah(row.capital_invested)} (selisih "
                f"{format_rupiah(row.capital_difference)}); pinjaman "
                f"{format_rupiah(row.loan_receivable)} / {format_rupiah(row.loan_payable)} "
                f"(selisih {format_rupiah(row.loan_difference)}) — {status}"
            )
        self.stdout.write(f"{len(rows)} pasangan, {differences} berselisih.")
        if differences:
            sys.exit(1)
