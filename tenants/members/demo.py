"""Demo members: 20–200 residents in each RW cooperative, 100–400 civil servants in each OPD
cooperative (with NIP), and the five OPD cooperatives as members of the koperasi sekunder.
Registered in bulk; idempotent (a cooperative that has members is left alone). Officers are
appointed by ``seed_officers`` once the savings demo has made the members active."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.bylaws.calendar import add_months, month_start
from sokoguru.tenants.members.models import Member, Officer
from sokoguru.tenants.members.services import (
    member_register_cooperative,
    members_bulk_register,
    officer_assign,
)

OPD_SLUGS = ["kop-disbun", "kop-dsdacktr", "kop-perkim", "kop-bmbk", "kop-dlh"]

MEN = [
    "Agus",
    "Ahmad",
    "Andi",
    "Bambang",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irfan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nur",
    "Rahmat",
    "Rudi",
    "Slamet",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Asep",
    "Ujang",
    "Dadang",
    "Hamdani",
    "Rizky",
    "Taufik",
    "Sutrisno",
]
WOMEN = [
    "Ani",
    "Dewi",
    "Endang",
    "Fitri",
    "Indah",
    "Kartini",
    "Lestari",
    "Mega",
    "Nurul",
    "Putri",
    "Ratna",
    "Sari",
    "Siti",
    "Sri",
    "Tuti",
    "Wati",
    "Yuliani",
    "Euis",
    "Neneng",
    "Rina",
    "Dian",
    "Maya",
    "Nining",
    "Ayu",
    "Rahayu",
    "Suryani",
    "Herlina",
    "Rosmawati",
]
FAMILY_JAVA = [
    "Santoso",
    "Wibowo",
    "Hidayat",
    "Saputra",
    "Kusuma",
    "Setiawan",
    "Pratama",
    "Susanto",
    "Gunawan",
    "Suparman",
    "Nugraha",
    "Permana",
    "Firmansyah",
    "Ramadhan",
    "Hakim",
]
FAMILY_MEDAN = [
    "Siregar",
    "Nasution",
    "Lubis",
    "Harahap",
    "Simanjuntak",
    "Sinaga",
    "Hutagalung",
    "Pardede",
    "Tarigan",
    "Ginting",
    "Sembiring",
    "Manurung",
    "Batubara",
    "Daulay",
    "Pohan",
]
STREETS_BEKASI = [
    "Jl. Harapan Jaya Raya",
    "Jl. Kaliabang",
    "Jl. Melati",
    "Jl. Kenanga",
    "Gg. Mawar",
    "Jl. Seroja",
    "Jl. Anggrek",
    "Gg. Delima",
]
STREETS_MEDAN = [
    "Jl. Gatot Subroto",
    "Jl. Iskandar Muda",
    "Jl. Sei Batang Hari",
    "Jl. Kapten Muslim",
    "Jl. Setia Budi",
    "Jl. Jamin Ginting",
]
MEDAN_DISTRICTS = ["01", "07", "10", "14", "15", "21"]


def demo_start(ctx: DemoContext) -> date:
    return add_months(month_start(ctx.today), -12)


def _person(rng, *, index: int, region: str, medan: bool, born_from: int, born_to: int):
    female = rng.random() < 0.5
    first = rng.choice(WOMEN if female else MEN)
    family = rng.choice(FAMILY_MEDAN if medan else FAMILY_JAVA)
    name = f"{first} {family}" if rng.random() < 0.8 else f"{first} {rng.choice(MEN)} {family}"
    born = date(rng.randint(born_from, born_to), rng.randint(1, 12), rng.randint(1, 28))
    day = born.day + (40 if female else 0)
    nik = f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{index + 1:04d}"
    operator = rng.choice([11, 12, 13, 21, 22, 52, 57, 77, 78, 81, 95])
    phone = f"08{operator}{rng.randint(10**6, 10**8 - 1)}"
    return name, nik, born, female, phone


def _seed_rw(cooperative, ctx: DemoContext) -> None:
    rng = ctx.rng("members", cooperative.slug)
    start = demo_start(ctx)
    found = re.search(r"rw(\d+)", cooperative.slug)
    rw = int(found.group(1)) if found else 1
    count = rng.randint(20, 200)
    rows = []
    for i in range(count):
        name, nik, _born, _female, phone = _person(
            rng, index=i, region="327503", medan=False, born_from=1955, born_to=2003
        )
        # Founders join in the first month; the rest over the year (before the 10th collection).
        month = 0 if i < count * 0.6 else rng.randint(1, 11)
        joined = add_months(start, month) + timedelta(days=rng.randint(0, 8))
        rows.append(
            {
                "full_name": name,
                "nik": nik,
                "joined_on": joined,
                "address": f"{rng.choice(STREETS_BEKASI)} No. {rng.randint(1, 150)}",
                "rt": f"{rng.randint(1, 12):03d}",
                "rw": f"{rw:03d}",
                "phone": phone if rng.random() < 0.9 else "",
            }
        )
    members_bulk_register(rows=rows, created_by_id=SYSTEM)


def _seed_opd(cooperative, ctx: DemoContext) -> None:
    rng = ctx.rng("members", cooperative.slug)
    start = demo_start(ctx)
    count = rng.randint(100, 400)
    district = MEDAN_DISTRICTS[sum(map(ord, cooperative.slug)) % len(MEDAN_DISTRICTS)]
    rows = []
    for i in range(count):
        name, nik, born, female, phone = _person(
            rng, index=i, region=f"1271{district}", medan=True, born_from=1966, born_to=1999
        )
        tmt = date(max(born.year + 22, 1990), rng.randint(1, 12), 1)
        tmt = min(tmt, date(2024, 12, 1))
        nip = f"{born:%Y%m%d}{tmt:%Y%m}{2 if female else 1}{i + 1:03d}"
        month = 0 if i < count * 0.8 else rng.randint(1, 10)
        rows.append(
            {
                "full_name": name,
                "nik": nik,
                "nip": nip,
                "joined_on": add_months(start, month) + timedelta(days=rng.randint(0, 5)),
                "address": f"{rng.choice(STREETS_MEDAN)} No. {rng.randint(1, 300)}, Medan",
                "phone": phone,
            }
        )
    members_bulk_register(rows=rows, created_by_id=SYSTEM)


def _seed_secondary(cooperative, ctx: DemoContext) -> None:
    start = demo_start(ctx)
    primaries = {c.slug: c for c in Cooperative.objects.filter(slug__in=OPD_SLUGS)}
    for i, slug in enumerate(OPD_SLUGS):
        if slug in primaries:
            member_register_cooperative(
                cooperative_id=primaries[slug].pk,
                joined_on=start + timedelta(days=i),
                address="Medan, Sumatera Utara",
                created_by_id=SYSTEM,
            )


def _seed_one(cooperative, ctx: DemoContext) -> None:
    if Member.objects.exists():
        return
    if cooperative.kind == "primary_rw":
        _seed_rw(cooperative, ctx)
    elif cooperative.kind == "primary_opd":
        _seed_opd(cooperative, ctx)
    elif cooperative.kind == "secondary":
        _seed_secondary(cooperative, ctx)


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one)


def _officers_one(cooperative, ctx: DemoContext) -> None:
    if Officer.objects.exists():
        return
    people = list(
        Member.objects.filter(status=Member.Status.ACTIVE, kind=Member.Kind.PERSON).order_by(
            "number"
        )[:6]
    )
    if len(people) < 5:
        return
    start = demo_start(ctx) + timedelta(days=20)
    end = add_months(start, 36)
    for member, role in zip(
        people, ["ketua", "sekretaris", "bendahara", "pengawas", "pengawas"], strict=False
    ):
        officer_assign(
            member_id=member.pk,
            role=role,
            term_start=start,
            term_end=end,
            decree=f"Keputusan RAT tahun buku {start.year - 1}",
            created_by_id=SYSTEM,
        )


def seed_officers(*, ctx: DemoContext) -> None:
    """Pengurus and pengawas of each primary cooperative (after the savings demo)."""
    for_each_cooperative(ctx, _officers_one, kinds={"primary_rw", "primary_opd"})
