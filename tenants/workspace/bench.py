"""Benchmark: server time of each workspace page on the demo's seeded data
(``sokoguru demo --no-serve`` first), p50 and p95 over ``rounds`` requests per page.

Each request goes through the whole middleware stack in process (Django's test client on the
cooperative's host, logged in as the demo's bendahara), so the figure is the server's time for
the page — tenant resolution, session, role check, queries and rendering — without the
network. No baseline: the target is p95 under 150 ms per page."""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client

from sokoguru.platform.accounts.signals import SESSION_SCHEMA_KEY
from sokoguru.platform.tenancy.context import switch_to_cooperative


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _pages(cooperative) -> list[tuple[str, str, dict]]:
    from sokoguru.tenants.loans.models import Loan
    from sokoguru.tenants.members.models import Member

    switch_to_cooperative(cooperative)
    loan = Loan.objects.filter(status=Loan.Status.ACTIVE).order_by("id").first()
    member = loan.member if loan else Member.objects.order_by("id").first()
    pages = [
        ("beranda", "/", {}),
        ("anggota", "/anggota/", {}),
        ("anggota-cari (htmx)", "/anggota/", {"q": member.full_name[:4], "HX": True}),
        ("anggota-detail", f"/anggota/{member.pk}/", {}),
        ("buku-simpanan", f"/anggota/{member.pk}/buku/wajib/", {}),
        ("kasir", f"/kasir/{member.pk}/", {}),
        ("pinjaman", "/pinjaman/", {}),
        ("antrean", "/pinjaman/antrean/", {}),
        ("ajukan-pinjaman", f"/pinjaman/ajukan/{member.pk}/", {}),
        ("neraca-saldo", "/laporan/neraca-saldo/", {}),
        ("neraca", "/laporan/neraca/", {}),
        ("phu", "/laporan/phu/", {}),
        ("arus-kas", "/laporan/arus-kas/", {}),
        ("perubahan-ekuitas", "/laporan/perubahan-ekuitas/", {}),
        ("jurnal", "/laporan/jurnal/", {}),
        ("periode", "/periode/", {}),
        ("anggaran-dasar", "/anggaran-dasar/", {}),
    ]
    if loan is not None:
        pages.insert(8, ("pinjaman-detail", f"/pinjaman/{loan.pk}/", {}))
    connection.set_schema_to_public()
    return pages


def run(*, rounds: int = 40, cooperative: str = "hj-rw01") -> dict:
    """p95 (and p50) server seconds per page; results["<page> p95"], ["<page> p50"]."""
    from sokoguru.platform.accounts.models import User
    from sokoguru.platform.tenancy.models import Cooperative

    connection.set_schema_to_public()
    coop = Cooperative.objects.filter(slug=cooperative).first()
    if coop is None:
        raise RuntimeError(
            f"cooperative: {cooperative!r} tidak ada — jalankan dulu `sokoguru demo --no-serve`."
        )
    user = User.objects.get(email=f"bendahara.{cooperative}@sokoguru.id")
    host = f"{cooperative}.{settings.PLATFORM_DOMAIN}"
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_SCHEMA_KEY] = coop.schema_name
    session.save()
    results: dict[str, float] = {}
    for name, path, extra in _pages(coop):
        headers = {"HTTP_HOST": host}
        query = {k: v for k, v in extra.items() if k != "HX"}
        if extra.get("HX"):
            headers["HTTP_HX_REQUEST"] = "true"
        samples = []
        for i in range(rounds + 2):
            started = time.perf_counter()
            response = client.get(path, query, **headers)
            elapsed = time.perf_counter() - started
            connection.set_schema_to_public()
            if response.status_code != 200:
                raise RuntimeError(f"{name}: HTTP {response.status_code} for {path}")
            if i >= 2:  # the first two warm caches and templates
                samples.append(elapsed)
        results[f"{name} p50"] = round(statistics.median(samples), 4)
        results[f"{name} p95"] = round(_percentile(samples, 0.95), 4)
    return {
        "name": "workspace",
        "params": {"rounds": rounds, "cooperative": cooperative},
        "results": results,
        "baseline": {},
        "ratio": {},
    }
