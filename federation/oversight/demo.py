"""Demo oversight bodies and their officials."""

from __future__ import annotations

from django.conf import settings

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.oversight.services import body_role_grant, oversight_body_create
from sokoguru.platform.accounts.models import User
from sokoguru.platform.core.demo import DEMO_PASSWORD, DemoContext

BODIES = [
    (
        "kel-harapan-jaya",
        "Kelurahan Harapan Jaya",
        OversightBody.Kind.KELURAHAN,
        "32.75.03.1001",
        "lurah.harapanjaya@sokoguru.id",
    ),
    (
        "dinas-kota-bekasi",
        "Dinas Koperasi dan UKM Kota Bekasi",
        OversightBody.Kind.DINAS_KOTA,
        "32.75",
        "dinas.bekasi@sokoguru.id",
    ),
    (
        "dinas-sumut",
        "Dinas Koperasi dan UKM Provinsi Sumatera Utara",
        OversightBody.Kind.DINAS_PROVINSI,
        "12",
        "dinas.sumut@sokoguru.id",
    ),
]


def seed(*, ctx: DemoContext) -> None:
    port = getattr(settings, "DEMO_PORT", 8000)
    for slug, name, kind, region, email in BODIES:
        body = oversight_body_create(name=name, slug=slug, kind=kind, region_code=region)
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=f"Pejabat {name}"
        )
        body_role_grant(user=user, body=body, role=BodyRole.Role.OFFICIAL)
        ctx.login(f"Pejabat · {name}", email, f"http://{settings.PLATFORM_DOMAIN}:{port}/")
