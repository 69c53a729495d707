"""Demo: the OPD sekunder's first housing project with applications from members of three of
its member cooperatives (two share member-level data with the sekunder, one does not), ranked
and allocated by the published rules, a down payment taken and one unit financed."""

from __future__ import annotations

from decimal import Decimal

from sokoguru.federation.housing import services
from sokoguru.federation.housing.models import HousingApplication, HousingProject
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.demo import DemoContext
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative

SEKUNDER_SLUG = "kopsek-opd-sumut"
APPLYING = ("kop-disbun", "kop-perkim", "kop-dlh")


def seed(*, ctx: DemoContext) -> None:
    sekunder = Cooperative.objects.filter(slug=SEKUNDER_SLUG).first()
    if sekunder is None or HousingProject.objects.filter(sekunder=sekunder).exists():
        return
    project = services.housing_project_create(
        sekunder=sekunder,
        name="Griya ASN Sumut Tahap I",
        location="Kec. Percut Sei Tuan, Deli Serdang",
        developer="PT Griya Mitra Sejahtera",
        financing_partner="Bank Sumut (KPR)",
        unit_types=[
            ("Tipe 36/72", Decimal("185000000"), 4),
            ("Tipe 45/90", Decimal("265000000"), 2),
        ],
        min_wajib_months=6,
        max_income_band=3,
        created_by_id=SYSTEM,
    )
    types = list(project.unit_types.order_by("price"))
    rng = ctx.rng("housing")
    from sokoguru.tenants.members.models import Member

    for slug in APPLYING:
        primary = Cooperative.objects.filter(slug=slug).first()
        if primary is None:
            continue
        with cooperative_schema(primary):
            member_ids = list(
                Member.objects.filter(kind=Member.Kind.PERSON, status=Member.Status.ACTIVE)
                .order_by("number")
                .values_list("pk", flat=True)[:4]
            )
        for member_id in member_ids:
            services.housing_application_submit(
                project_id=project.pk,
                primary=primary,
                member_id=member_id,
                unit_type_id=rng.choice(types).pk,
                income_band=rng.choice([1, 2, 2, 3, 3, 4]),
                created_by_id=SYSTEM,
            )
    services.housing_allocate(project_id=project.pk, created_by_id=SYSTEM)
    first = (
        HousingApplication.objects.filter(project=project, status="allocated")
        .order_by("rank")
        .first()
    )
    if first is not None:
        services.housing_down_payment_collect(
            application_id=first.pk,
            primary=first.cooperative,
            amount=first.down_payment_due,
            date=ctx.today,
            idempotency_key="demo",
            created_by_id=SYSTEM,
        )
        services.housing_application_advance(
            application_id=first.pk,
            to_status="financed",
            financing="bank",
            financing_note="KPR Bank Sumut, tenor 15 tahun",
            created_by_id=SYSTEM,
        )
    ctx.log(f"  {sekunder.slug}: 1 proyek perumahan, {project.applications.count()} pendaftar")
