"""Demo: the sekunder of the five OPD cooperatives records its members (in the registry and in
its own books), some cooperatives share member-level data, and every cooperative gets snapshots —
twelve back-filled month ends from the ledger's as-of figures, and today's."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from sokoguru.federation.consent.services import consent_set
from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.sekunder.services import sekunder_member_add
from sokoguru.federation.snapshots.services import snapshot_backfill_month_ends, snapshot_refresh
from sokoguru.platform.accounts.models import User
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.demo import DemoContext
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative

SEKUNDER_SLUG = "kopsek-opd-sumut"
SEKUNDER_MEMBERS = ["kop-disbun", "kop-dsdacktr", "kop-perkim", "kop-bmbk", "kop-dlh"]
JOINED = date(2025, 7, 1)
# (cooperative, body slug or "sekunder") sharing member-level data
MEMBER_LEVEL_CONSENTS = [
    ("hj-rw01", "kel-harapan-jaya"),
    ("hj-rw02", "kel-harapan-jaya"),
    ("hj-rw03", "kel-harapan-jaya"),
    ("kop-disbun", "sekunder"),
    ("kop-perkim", "sekunder"),
]


def _register_in_sekunder_books(sekunder: Cooperative, members: list[Cooperative]) -> None:
    from sokoguru.tenants.members.models import Member
    from sokoguru.tenants.members.services import member_register_cooperative

    with cooperative_schema(sekunder):
        known = set(
            Member.objects.filter(cooperative_id__isnull=False).values_list(
                "cooperative_id", flat=True
            )
        )
        for member in members:
            if member.pk not in known:
                member_register_cooperative(
                    cooperative_id=member.pk, joined_on=JOINED, created_by_id=SYSTEM
                )


def seed(*, ctx: DemoContext) -> None:
    port = getattr(settings, "DEMO_PORT", 8000)
    coops = {c.slug: c for c in Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM)}
    sekunder = coops.get(SEKUNDER_SLUG)
    if sekunder is not None:
        members = [coops[s] for s in SEKUNDER_MEMBERS if s in coops]
        for member in members:
            sekunder_member_add(sekunder=sekunder, member=member, joined_on=JOINED)
        _register_in_sekunder_books(sekunder, members)
        ctx.login(
            f"Ketua · {sekunder.name} (dasbor federasi)",
            f"ketua.{sekunder.slug}@sokoguru.id",
            f"http://{settings.PLATFORM_DOMAIN}:{port}/",
        )
    for slug, target in MEMBER_LEVEL_CONSENTS:
        coop = coops.get(slug)
        ketua = User.objects.filter(email=f"ketua.{slug}@sokoguru.id").first()
        if coop is None or ketua is None:
            continue
        if target == "sekunder":
            if sekunder is not None:
                consent_set(
                    cooperative=coop,
                    level="member_level",
                    user=ketua,
                    sekunder=sekunder,
                    reason="Program perumahan pegawai",
                )
        else:
            body = OversightBody.objects.filter(slug=target).first()
            if body is not None:
                consent_set(
                    cooperative=coop,
                    level="member_level",
                    user=ketua,
                    body=body,
                    reason="Pendataan program bantuan kelurahan",
                )
    active = [c for c in coops.values() if c.is_active]
    ctx.log(f"  snapshots for {len(active)} cooperatives (12 month ends + today)")
    for coop in sorted(active, key=lambda c: c.pk):
        snapshot_backfill_month_ends(cooperative=coop, months=12)
        snapshot_refresh(cooperative=coop)
    ketua = "ketua.hj-rw01@sokoguru.id"
    ctx.login(
        "Ketua · Koperasi RW 01 (persetujuan berbagi data)",
        ketua,
        f"http://{settings.PLATFORM_DOMAIN}:{port}/persetujuan/hj-rw01/",
    )
