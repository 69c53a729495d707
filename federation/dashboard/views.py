"""The federation dashboard on the platform host: one page per body (headline figures, trends,
regional breakdown, cooperatives with their alerts), a page per cooperative, a secondary
cooperative's consolidated view of its members, and the ketua's data-sharing page. Data comes
from the same scope-checked selectors as the federation API; nothing here reads a tenant schema."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from sokoguru.federation.consent.models import ConsentLevel
from sokoguru.federation.consent.selectors import (
    consent_log_list,
    consent_targets,
    member_level_cooperative_ids,
    shared_member_list,
)
from sokoguru.federation.consent.services import consent_set
from sokoguru.federation.dashboard.charts import bar_chart, line_chart
from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.scope.selectors import Scope, scope_get, scope_list_for_user
from sokoguru.federation.snapshots import alerts as rules
from sokoguru.federation.snapshots import selectors
from sokoguru.federation.snapshots.consolidation import consolidated_totals
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.platform.accounts.models import CooperativeRole
from sokoguru.platform.core.errors import SokoguruError
from sokoguru.platform.tenancy.models import Cooperative

LOGIN_URL = "/login/"
PAGE_SIZE = 50
KIND_PATH = {"badan": "body", "sekunder": "sekunder"}
PATH_KIND = {v: k for k, v in KIND_PATH.items()}


def dashboard_url(scope: Scope) -> str:
    return reverse("dashboard:body", args=[PATH_KIND[scope.kind], scope.slug])


def _scope(request, kind: str, slug: str) -> Scope:
    if kind not in KIND_PATH:
        raise Http404
    try:
        return scope_get(user=request.user, key=f"{KIND_PATH[kind]}:{slug}")
    except SokoguruError:
        raise Http404(_("Badan tidak ditemukan.")) from None


def _month_label(day) -> str:
    """``Agu 25`` (``Aug 25`` in English): the active language's short month name."""
    return date_format(day, "M y")


class LoginView(auth_views.LoginView):
    template_name = "dashboard/login.html"
    redirect_authenticated_user = True
    next_page = "/"


def home(request):
    """``/``: officials go to their body's dashboard (or choose one), ketua of a cooperative to
    its data-sharing page, platform staff to the admin."""
    if not request.user.is_authenticated:
        return redirect(LOGIN_URL)
    scopes = scope_list_for_user(user=request.user)
    if len(scopes) == 1:
        return redirect(dashboard_url(scopes[0]))
    chaired = list(
        Cooperative.objects.filter(
            user_roles__user=request.user, user_roles__role=CooperativeRole.Role.KETUA
        ).order_by("name")
    )
    if not scopes and not chaired and request.user.is_staff:
        return redirect("/admin/")
    return render(
        request,
        "dashboard/home.html",
        {"scopes": [(s, dashboard_url(s)) for s in scopes], "chaired": chaired},
    )


@login_required(login_url=LOGIN_URL)
def body_dashboard(request, kind: str, slug: str):
    scope = _scope(request, kind, slug)
    today = timezone.localdate()
    filters = {
        "search": request.GET.get("q", "").strip() or None,
        "kind": request.GET.get("jenis") or None,
        "npl_band": request.GET.get("npl")
        if request.GET.get("npl") in rules.NPL_BAND_LABELS
        else None,
        "rat_status": request.GET.get("rat")
        if request.GET.get("rat") in rules.RAT_STATUS_LABELS
        else None,
        "region_code": request.GET.get("wilayah") or None,
    }
    aggregate = selectors.scope_aggregate(scope=scope, today=today)
    trend = selectors.scope_trend(scope=scope, months=12)
    labels = [_month_label(p.date) for p in trend]
    rows = selectors.supervised_cooperative_list(
        scope=scope,
        today=today,
        sort=request.GET.get("urut") or None,
        descending=request.GET.get("arah") != "asc",
        **filters,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    table = [
        {
            "snapshot": s,
            "alerts": rules.alerts_for(s, today=today),
            "rat": rules.rat_state_of(s, today),
        }
        for s in page.object_list
    ]
    alerts = selectors.alert_list(scope=scope, today=today)
    context = {
        "scope": scope,
        "scopes": [(s, dashboard_url(s)) for s in scope_list_for_user(user=request.user)],
        "today": today,
        "aggregate": aggregate,
        "consolidation": consolidated_totals(scope=scope),
        "critical_alerts": sum(1 for _snapshot, a in alerts if a.severity == rules.CRITICAL),
        "alert_count": len(alerts),
        "top_alerts": alerts[:10],
        "alerts_url": reverse("dashboard:alerts", args=[PATH_KIND[scope.kind], scope.slug]),
        "savings_chart": line_chart(
            labels,
            [(_("Total simpanan"), [p.savings_total for p in trend])],
            title=_("Simpanan per bulan"),
        ),
        "loans_chart": line_chart(
            labels,
            [(_("Pinjaman beredar"), [p.loans_outstanding for p in trend])],
            title=_("Pinjaman beredar per bulan"),
        ),
        "npl_chart": line_chart(
            labels, [("NPL", [p.npl_ratio for p in trend])], percent=True, title=_("NPL per bulan")
        ),
        "npl_bars": bar_chart(
            [(rules.NPL_BAND_LABELS[b], n) for b, n in aggregate.npl_distribution.items()],
            title=_("Sebaran NPL"),
            colors=["#6b7785", "#1d6f42", "#b7791f", "#c0392b"],
        ),
        "regions": []
        if scope.is_sekunder
        else selectors.region_aggregates(scope=scope, today=today),
        "members": Paginator(
            selectors.member_aggregates(scope=scope, today=today), PAGE_SIZE
        ).get_page(request.GET.get("hal_anggota"))
        if scope.is_sekunder
        else [],
        "own": CooperativeSnapshot.objects.filter(cooperative_id=scope.pk, is_latest=True).first()
        if scope.is_sekunder
        else None,
        "waste": None if scope.is_sekunder else selectors.waste_overview(scope=scope, today=today),
        "table": table,
        "page": page,
        "filters": request.GET,
        "npl_bands": rules.NPL_BAND_LABELS.items(),
        "rat_statuses": rules.RAT_STATUS_LABELS.items(),
        "rat_season": [
            (key, label, aggregate.rat_distribution.get(key, 0))
            for key, label in rules.RAT_STATUS_LABELS.items()
        ],
        "rat_fiscal_year": rules.rat_fiscal_year_due(today),
        "kinds": [
            (k, label) for k, label in Cooperative.Kind.choices if k != Cooperative.Kind.PLATFORM
        ],
        "path_kind": PATH_KIND[scope.kind],
        "reports_url": reverse("reports:list", args=[scope.slug])
        if not scope.is_sekunder and scope.role == BodyRole.Role.OFFICIAL
        else "",
    }
    context.update(_production_context(scope, today))
    return render(request, "dashboard/body.html", context)


def _production_context(scope: Scope, today) -> dict:
    """Production of the members' micro-businesses: a year of month-end output per kind (one
    line per kind and unit), and per cooperative (RW) with those that stopped recording."""
    from sokoguru.tenants.production.models import Kind

    kind_labels = dict(Kind.choices)
    trend = selectors.production_trend_by_kind(scope=scope, months=12)
    series = [
        (f"{kind_labels.get(kind, kind)} ({unit})", values)
        for kind, units in sorted(trend["kinds"].items())
        for unit, values in sorted(units.items(), key=lambda kv: -sum(kv[1]))[:2]
    ]
    rows = selectors.production_by_cooperative(scope=scope, today=today)
    for row in rows:
        row["output_text"] = "; ".join(
            f"{kind_labels.get(kind, kind)}: "
            + ", ".join(f"{Decimal(q).normalize():f} {u}" for u, q in sorted(units.items()))
            for kind, units in sorted(row["output_month"].items())
        )
    return {
        "production_chart": line_chart(
            [_month_label(d) for d in trend["months"]],
            series,
            title=_("Hasil produksi per jenis usaha"),
        )
        if series
        else "",
        "production_rows": rows,
        "production_stopped": [r for r in rows if r["stopped"]],
    }


ALERT_SORTS = {
    "tingkat": lambda pair: rules.SEVERITY_ORDER[pair[1].severity],
    "koperasi": lambda pair: pair[0].cooperative.name.lower(),
    "jenis": lambda pair: str(pair[1].kind_label).lower(),
}


@login_required(login_url=LOGIN_URL)
def alert_page(request, kind: str, slug: str):
    """Every alert in scope ("lihat semua"), filtered by severity and kind, sorted by a column
    on the server, fifty a page."""
    scope = _scope(request, kind, slug)
    today = timezone.localdate()
    severity = (
        request.GET.get("tingkat") if request.GET.get("tingkat") in rules.SEVERITY_LABELS else None
    )
    alert_kind = request.GET.get("jenis") if request.GET.get("jenis") in rules.KIND_LABELS else None
    pairs = selectors.alert_list(scope=scope, today=today, severity=severity, kind=alert_kind)
    sort = request.GET.get("urut")
    if sort in ALERT_SORTS:
        # stable: within a column value the default order (most severe first, by name) stays
        pairs = sorted(pairs, key=ALERT_SORTS[sort], reverse=request.GET.get("arah") == "desc")
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(
        request,
        "dashboard/alerts.html",
        {
            "scope": scope,
            "back": dashboard_url(scope),
            "today": today,
            "page": page,
            "path_kind": PATH_KIND[scope.kind],
            "severities": rules.SEVERITY_LABELS.items(),
            "kinds": rules.KIND_LABELS.items(),
            "filters": request.GET,
        },
    )


@login_required(login_url=LOGIN_URL)
def cooperative_detail(request, kind: str, slug: str, cooperative: str):
    scope = _scope(request, kind, slug)
    today = timezone.localdate()
    try:
        snapshot = selectors.supervised_cooperative_get_by_slug(scope=scope, slug=cooperative)
    except SokoguruError:
        raise Http404(_("Koperasi tidak ditemukan.")) from None
    series = selectors.cooperative_series(
        scope=scope, cooperative_id=snapshot.cooperative_id, count=12
    )
    labels = [_month_label(s.date) for s in series]
    shares = bool(
        member_level_cooperative_ids(scope=scope, cooperative_ids=[snapshot.cooperative_id])
    )
    roster = None
    if shares:
        roster = Paginator(
            shared_member_list(
                scope=scope,
                cooperative_id=snapshot.cooperative_id,
                search=request.GET.get("q") or None,
            ),
            PAGE_SIZE,
        ).get_page(request.GET.get("hal"))
    return render(
        request,
        "dashboard/cooperative.html",
        {
            "scope": scope,
            "back": dashboard_url(scope),
            "s": snapshot,
            "today": today,
            "alerts": rules.alerts_for(snapshot, today=today),
            "npl_band": rules.NPL_BAND_LABELS[
                rules.npl_band(snapshot.loans_outstanding, snapshot.npl_ratio)
            ],
            "rat": rules.rat_state_of(snapshot, today),
            "rat_alert": rules.rat_alert(snapshot, today=today),
            "savings_chart": line_chart(
                labels,
                [
                    (pgettext("simpanan", "Pokok"), [s.savings_pokok for s in series]),
                    (pgettext("simpanan", "Wajib"), [s.savings_wajib for s in series]),
                    (pgettext("simpanan", "Sukarela"), [s.savings_sukarela for s in series]),
                ],
                title=_("Simpanan per jenis"),
            ),
            "loans_chart": line_chart(
                labels,
                [(_("Pinjaman beredar"), [s.loans_outstanding for s in series])],
                title=_("Pinjaman beredar"),
            ),
            "npl_chart": line_chart(
                labels, [("NPL", [s.npl_ratio for s in series])], percent=True, title="NPL"
            ),
            "buckets": [
                (_("Lancar"), snapshot.loans_lancar_count, snapshot.loans_lancar_outstanding),
                (
                    _("Dalam perhatian khusus"),
                    snapshot.loans_dalam_perhatian_khusus_count,
                    snapshot.loans_dalam_perhatian_khusus_outstanding,
                ),
                (
                    _("Kurang lancar"),
                    snapshot.loans_kurang_lancar_count,
                    snapshot.loans_kurang_lancar_outstanding,
                ),
                (
                    _("Diragukan"),
                    snapshot.loans_diragukan_count,
                    snapshot.loans_diragukan_outstanding,
                ),
                (_("Macet"), snapshot.loans_macet_count, snapshot.loans_macet_outstanding),
            ],
            "shares": shares,
            "roster": roster,
            "health_chart": _health_chart(scope, snapshot),
            "health_band": rules.health_band_label(snapshot.health_band)
            if snapshot.health_band
            else _("Belum dinilai"),
        },
    )


HEALTH_COLUMNS = [
    ("name", _lazy("Koperasi")),
    ("score", _lazy("Skor")),
    ("band", _lazy("Predikat")),
    ("permodalan", _lazy("Permodalan")),
    ("kualitas_aktiva_produktif", _lazy("KAP")),
    ("manajemen", _lazy("Manajemen")),
    ("efisiensi", _lazy("Efisiensi")),
    ("likuiditas", _lazy("Likuiditas")),
    ("kemandirian_pertumbuhan", _lazy("Kemandirian")),
    ("jatidiri", _lazy("Jatidiri")),
    ("npl_ratio", _lazy("NPL")),
]
BAND_COLORS = ["#1d6f42", "#2c6fbb", "#b7791f", "#c0392b", "#888888"]


@login_required(login_url=LOGIN_URL)
def body_health(request, kind: str, slug: str):
    """Health of the body's cooperatives: the band distribution (the body and its regions) and
    a ranking sortable by each column (``?urut=<column>&arah=naik|turun``)."""
    scope = _scope(request, kind, slug)
    order = request.GET.get("urut") or "score"
    if order not in selectors.HEALTH_ORDERINGS:
        order = "score"
    ascending = request.GET.get("arah") == "naik"
    distribution = selectors.health_band_distribution(scope=scope)
    bands = list(rules.HEALTH_BANDS) + [selectors.HEALTH_NOT_ASSESSED]

    def band_name(band):
        return (
            _("Belum dinilai")
            if band == selectors.HEALTH_NOT_ASSESSED
            else rules.health_band_label(band)
        )

    total = distribution[0]
    page = Paginator(
        selectors.health_ranking(scope=scope, order_by=order, descending=not ascending),
        PAGE_SIZE,
    ).get_page(request.GET.get("hal"))
    columns = []
    for key, label in HEALTH_COLUMNS:
        same = key == order
        direction = "turun" if (same and ascending) or (not same and key != "name") else "naik"
        columns.append(
            {
                "key": key,
                "label": label,
                "url": f"?urut={key}&arah={direction}",
                "sorted": ("naik" if ascending else "turun") if same else "",
            }
        )
    return render(
        request,
        "dashboard/health.html",
        {
            "scope": scope,
            "path_kind": kind,
            "back": dashboard_url(scope),
            "total": total,
            "regions": distribution[1:],
            "bands": [(b, band_name(b)) for b in bands],
            "band_chart": bar_chart(
                [(band_name(b), total.bands.get(b, 0)) for b in bands],
                title=_("Koperasi per predikat kesehatan"),
                colors=BAND_COLORS,
            ),
            "columns": columns,
            "aspects": selectors.HEALTH_ASPECTS,
            "page": page,
            "rank_offset": page.start_index() - 1 if page.object_list else 0,
        },
    )


def _health_chart(scope, snapshot):
    """The cooperative's health score and its aspect scores per assessed month."""
    points = selectors.cooperative_health_trend(
        scope=scope, cooperative_id=snapshot.cooperative_id, count=12
    )
    labels = [_month_label(p.health_month) for p in points]
    series = [(_("Skor total"), [p.health_score for p in points])]
    names = dict(HEALTH_COLUMNS)
    for aspect in selectors.HEALTH_ASPECTS:
        series.append(
            (str(names[aspect]), [Decimal((p.health_aspects or {}).get(aspect, 0)) for p in points])
        )
    return line_chart(labels, series, title=_("Skor kesehatan dan aspeknya"))


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def consent_page(request, cooperative: str):
    """A cooperative's officers see what it shares with whom; its ketua changes it."""
    coop = Cooperative.objects.filter(slug=cooperative).exclude(kind="platform").first()
    roles = (
        set(
            CooperativeRole.objects.filter(user=request.user, cooperative=coop).values_list(
                "role", flat=True
            )
        )
        if coop
        else set()
    )
    if coop is None or not roles - {CooperativeRole.Role.ANGGOTA}:
        raise Http404(_("Koperasi tidak ditemukan."))
    if request.method == "POST":
        target = request.POST.get("target", "")
        kind, _sep, slug = target.partition(":")
        body = OversightBody.objects.filter(slug=slug).first() if kind == "body" else None
        sekunder = (
            Cooperative.objects.filter(slug=slug, kind=Cooperative.Kind.SECONDARY).first()
            if kind == "sekunder"
            else None
        )
        try:
            if body is None and sekunder is None:
                raise ValidationError({"body": _("Badan tidak ditemukan.")})
            # The ketua confirms in words and gives a reason; both are asked before the service.
            if request.POST.get("confirm") != "yes":
                raise ValidationError(
                    {"confirm": _("Centang pernyataan persetujuan untuk melanjutkan.")}
                )
            if not request.POST.get("reason", "").strip():
                raise ValidationError({"reason": _("Tuliskan alasan perubahan ini.")})
            consent_set(
                cooperative=coop,
                level=request.POST.get("level", ""),
                user=request.user,
                body=body,
                sekunder=sekunder,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Persetujuan berbagi data disimpan."))
        except (SokoguruError, ValidationError) as exc:
            from sokoguru.platform.core.errors import format_errors

            messages.error(request, format_errors(exc))
        return redirect(reverse("dashboard:consent", args=[coop.slug]))
    targets = [
        {
            **t,
            "key": f"body:{t['body'].slug}" if t["body"] else f"sekunder:{t['sekunder'].slug}",
            "member_level": t["level"] == ConsentLevel.MEMBER_LEVEL,
        }
        for t in consent_targets(cooperative=coop)
    ]
    return render(
        request,
        "dashboard/consent.html",
        {
            "coop": coop,
            "is_ketua": CooperativeRole.Role.KETUA in roles,
            "targets": targets,
            "log": consent_log_list(cooperative_id=coop.pk)[:50],
            "levels": {value: label for value, label in ConsentLevel.choices},
        },
    )
