"""Demo registry: Kelurahan Harapan Jaya's RW01–RW30 cooperatives, the five OPD cooperatives
of North Sumatra's provincial offices in Medan and their koperasi sekunder, and their officers."""

from __future__ import annotations

from django.conf import settings

from sokoguru.platform.accounts.models import CooperativeRole, User
from sokoguru.platform.accounts.services import cooperative_role_grant
from sokoguru.platform.core.demo import DEMO_PASSWORD, DemoContext
from sokoguru.platform.tenancy.models import Cooperative, Region
from sokoguru.platform.tenancy.services import (
    DEMO_REGIONS,
    cooperative_domain,
    cooperative_provision,
    platform_bootstrap,
    region_load_csv,
)

HARAPAN_JAYA = "32.75.03.1001"

OPD_COOPERATIVES = [
    ("kop-disbun", "Koperasi Pegawai Dinas Perkebunan Provinsi Sumatera Utara", "12.71.14.1001"),
    (
        "kop-dsdacktr",
        "Koperasi Pegawai Dinas Sumber Daya Air Cipta Karya dan Tata Ruang Provsu",
        "12.71.07.1001",
    ),
    (
        "kop-perkim",
        "Koperasi Pegawai Dinas Perumahan dan Kawasan Permukiman Provsu",
        "12.71.10.1001",
    ),
    (
        "kop-bmbk",
        "Koperasi Pegawai Dinas Bina Marga dan Bina Konstruksi Provsu",
        "12.71.01.1001",
    ),
    ("kop-dlh", "Koperasi Pegawai Dinas Lingkungan Hidup Provinsi Sumatera Utara", "12.71.14.1002"),
]
SEKUNDER = (
    "kopsek-opd-sumut",
    "Koperasi Sekunder Perumahan Pegawai OPD Sumatera Utara",
    "12.71.14.1001",
)

# Officers created per cooperative (role, email local part).
OFFICERS = [
    (CooperativeRole.Role.KETUA, "ketua"),
    (CooperativeRole.Role.BENDAHARA, "bendahara"),
    (CooperativeRole.Role.KASIR, "kasir"),
    (CooperativeRole.Role.PENGAWAS, "pengawas"),
]


def demo_user(email: str, full_name: str, *, is_staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=full_name, is_staff=is_staff
        )
    return user


def _cooperative(ctx: DemoContext, *, slug, name, kind, region, legal_number="") -> Cooperative:
    coop = Cooperative.objects.filter(slug=slug).first()
    if coop is None:
        coop = cooperative_provision(
            name=name, slug=slug, kind=kind, domicile_code=region, legal_number=legal_number
        )
        ctx.log(f"  + {name}")
    return coop


def seed_registry(*, ctx: DemoContext) -> None:
    if not Region.objects.filter(code=HARAPAN_JAYA).exists():
        region_load_csv(path=DEMO_REGIONS)
    platform_bootstrap()
    port = getattr(settings, "DEMO_PORT", 8000)

    admin = demo_user("admin@sokoguru.id", "Admin Platform", is_staff=True)
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])
    ctx.login("Staf platform", admin.email, f"http://{settings.PLATFORM_DOMAIN}:{port}/admin/")

    cooperatives = []
    for rw in range(1, 31):
        cooperatives.append(
            _cooperative(
                ctx,
                slug=f"hj-rw{rw:02d}",
                name=f"Koperasi RW {rw:02d} Harapan Jaya",
                kind=Cooperative.Kind.PRIMARY_RW,
                region=HARAPAN_JAYA,
                legal_number=f"32750301{rw:08d}",
            )
        )
    for slug, name, region in OPD_COOPERATIVES:
        cooperatives.append(
            _cooperative(
                ctx, slug=slug, name=name, kind=Cooperative.Kind.PRIMARY_OPD, region=region
            )
        )
    slug, name, region = SEKUNDER
    cooperatives.append(
        _cooperative(ctx, slug=slug, name=name, kind=Cooperative.Kind.SECONDARY, region=region)
    )
    ctx.cooperatives = cooperatives

    for coop in cooperatives:
        for role, local in OFFICERS:
            email = f"{local}.{coop.slug}@sokoguru.id"
            user = demo_user(email, f"{local.title()} {coop.name}")
            cooperative_role_grant(user=user, cooperative=coop, role=role)
        if coop.slug in ("hj-rw01", "kop-disbun", SEKUNDER[0]):
            # Officers land on the workspace (ruang kerja); /admin/ stays for configuration.
            url = f"http://{cooperative_domain(coop.slug)}:{port}/"
            for role, local in OFFICERS[:2]:
                ctx.login(f"{role.label} · {coop.name}", f"{local}.{coop.slug}@sokoguru.id", url)
