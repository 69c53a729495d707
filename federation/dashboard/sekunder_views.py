"""The sekunder chair's overview: the sekunder's capital from its member cooperatives, its
loans to them, the housing programme, and the consolidated totals. Reads the public schema only
(the sekunder's snapshot carries its balances per member cooperative)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sokoguru.federation.dashboard.views import _scope, dashboard_url
from sokoguru.federation.housing import selectors as housing
from sokoguru.federation.snapshots.consolidation import consolidated_totals
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.platform.tenancy.models import Cooperative

ZERO = Decimal("0.00")


@login_required(login_url="/login/")
def sekunder_overview(request, slug: str):
    scope = _scope(request, "sekunder", slug)
    if not scope.is_sekunder:
        raise Http404
    own = CooperativeSnapshot.objects.filter(cooperative_id=scope.pk, is_latest=True).first()
    balances = (own.intercoop_balances if own else {}) or {}
    names = dict(
        Cooperative.objects.filter(pk__in=[int(k) for k in balances]).values_list("pk", "name")
    )
    rows = sorted(
        (
            {
                "name": names.get(int(cid), cid),
                "pokok": Decimal(v.get("capital_pokok", "0")),
                "wajib": Decimal(v.get("capital_wajib", "0")),
                "capital": Decimal(v.get("capital_held", "0")),
                "loans": Decimal(v.get("loan_receivable", "0")),
            }
            for cid, v in balances.items()
        ),
        key=lambda r: str(r["name"]),
    )
    projects = [
        (project, housing.housing_progress_by_cooperative(project_id=project.pk))
        for project in housing.housing_project_list(sekunder_ids=[scope.pk])
    ]
    return render(
        request,
        "dashboard/sekunder_overview.html",
        {
            "scope": scope,
            "dashboard": dashboard_url(scope),
            "today": timezone.localdate(),
            "own": own,
            "rows": rows,
            "capital_total": sum((r["capital"] for r in rows), ZERO),
            "loans_total": sum((r["loans"] for r in rows), ZERO),
            "projects": projects,
            "consolidation": consolidated_totals(scope=scope),
        },
    )
