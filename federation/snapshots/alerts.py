"""Rules oversight watches, evaluated on a cooperative's latest snapshot: NPL above 5%, the RAT
not held by its deadline (within six months after the fiscal year ends, i.e. by 30 June), wajib
arrears above a threshold, liquidity below the by-laws' reserve, a snapshot older than two days.
Thresholds are settings (``FEDERATION_ALERTS``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from sokoguru.platform.core.money import format_rupiah

DEFAULTS = {
    "npl_warning": Decimal("0.05"),
    "npl_critical": Decimal("0.10"),
    "wajib_arrears_warning": Decimal("0.20"),  # share of active members in arrears
    "wajib_arrears_critical": Decimal("0.40"),
    "stale_days": 2,
}

INFO, WARNING, CRITICAL = "info", "warning", "critical"
SEVERITY_ORDER = {CRITICAL: 0, WARNING: 1, INFO: 2}
SEVERITY_LABELS = {
    CRITICAL: gettext_lazy("Kritis"),
    WARNING: pgettext_lazy("tingkat peringatan", "Peringatan"),
    INFO: gettext_lazy("Info"),
}

NPL, RAT, WAJIB_ARREARS, LIQUIDITY, STALE = "npl", "rat", "wajib_arrears", "liquidity", "stale"
KIND_LABELS = {
    NPL: gettext_lazy("NPL tinggi"),
    RAT: gettext_lazy("RAT belum dilaksanakan"),
    WAJIB_ARREARS: gettext_lazy("Tunggakan simpanan wajib"),
    LIQUIDITY: gettext_lazy("Likuiditas di bawah cadangan"),
    STALE: gettext_lazy("Data snapshot usang"),
}

# NPL bands (filter "bucket of NPL")
NPL_NONE, NPL_HEALTHY, NPL_WATCH, NPL_PROBLEM = "none", "healthy", "watch", "problem"
NPL_BAND_LABELS = {
    NPL_NONE: gettext_lazy("Tanpa pinjaman"),
    NPL_HEALTHY: gettext_lazy("Sehat (≤ 5%)"),
    NPL_WATCH: gettext_lazy("Waspada (5–10%)"),
    NPL_PROBLEM: gettext_lazy("Bermasalah (> 10%)"),
}

# RAT status for the fiscal year just ended
RAT_HELD, RAT_DUE, RAT_OVERDUE = "held", "due", "overdue"
RAT_STATUS_LABELS = {
    RAT_HELD: gettext_lazy("Sudah RAT"),
    RAT_DUE: gettext_lazy("Belum RAT (batas 30 Juni)"),
    RAT_OVERDUE: gettext_lazy("Lewat batas RAT"),
}


def thresholds() -> dict:
    return {**DEFAULTS, **getattr(settings, "FEDERATION_ALERTS", {})}


def rat_deadline(today: date) -> date:
    """The RAT for the fiscal year that ended last 31 December is due by 30 June."""
    return date(today.year, 6, 30)


def rat_status(last_rat_date: date | None, today: date) -> str:
    if last_rat_date is not None and last_rat_date >= date(today.year, 1, 1):
        return RAT_HELD
    return RAT_DUE if today <= rat_deadline(today) else RAT_OVERDUE


def rat_status_q(status: str, today: date) -> Q:
    held = Q(last_rat_date__gte=date(today.year, 1, 1))
    if status == RAT_HELD:
        return held
    past_deadline = today > rat_deadline(today)
    if (status == RAT_OVERDUE) != past_deadline:
        return Q(pk__in=[])
    return ~held | Q(last_rat_date__isnull=True)


def npl_band(loans_outstanding: Decimal, npl_ratio: Decimal) -> str:
    t = thresholds()
    if not loans_outstanding:
        return NPL_NONE
    if npl_ratio <= t["npl_warning"]:
        return NPL_HEALTHY
    if npl_ratio <= t["npl_critical"]:
        return NPL_WATCH
    return NPL_PROBLEM


def npl_band_q(band: str) -> Q:
    t = thresholds()
    has_loans = Q(loans_outstanding__gt=0)
    return {
        NPL_NONE: Q(loans_outstanding=0),
        NPL_HEALTHY: has_loans & Q(npl_ratio__lte=t["npl_warning"]),
        NPL_WATCH: has_loans & Q(npl_ratio__gt=t["npl_warning"], npl_ratio__lte=t["npl_critical"]),
        NPL_PROBLEM: has_loans & Q(npl_ratio__gt=t["npl_critical"]),
    }[band]


@dataclass(frozen=True)
class Alert:
    cooperative_id: int
    kind: str
    severity: str
    message: str
    value: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.01'))}%".replace(".", ",")


def alerts_for(snapshot, *, today: date) -> list[Alert]:
    """Every alert raised by one snapshot row, most severe first."""
    t = thresholds()
    out: list[Alert] = []
    coop = snapshot.cooperative_id
    if snapshot.loans_outstanding and snapshot.npl_ratio > t["npl_warning"]:
        severity = CRITICAL if snapshot.npl_ratio > t["npl_critical"] else WARNING
        out.append(
            Alert(
                coop,
                NPL,
                severity,
                _("NPL %(ratio)s (batas 5%%)") % {"ratio": _pct(snapshot.npl_ratio)},
                str(snapshot.npl_ratio),
            )
        )
    status = rat_status(snapshot.last_rat_date, today)
    if status == RAT_OVERDUE:
        never_recorded = snapshot.last_rat_date is None
        two_years = not never_recorded and snapshot.last_rat_date < date(today.year - 1, 1, 1)
        out.append(
            Alert(
                coop,
                RAT,
                CRITICAL if two_years else WARNING,
                (
                    _("RAT tahun buku %(fiscal_year)s belum tercatat; batas 30 Juni %(year)s")
                    % {"fiscal_year": today.year - 1, "year": today.year}
                    if never_recorded
                    else _("RAT terakhir %(date)s; batas 30 Juni %(year)s terlewati")
                    % {"date": f"{snapshot.last_rat_date:%d-%m-%Y}", "year": today.year}
                ),
                snapshot.last_rat_date.isoformat() if snapshot.last_rat_date else "",
            )
        )
    active = snapshot.members_active + snapshot.members_flagged
    if snapshot.wajib_arrears_members and active:
        share = (Decimal(snapshot.wajib_arrears_members) / Decimal(active)).quantize(
            Decimal("0.0001")
        )
        if share > t["wajib_arrears_warning"]:
            out.append(
                Alert(
                    coop,
                    WAJIB_ARREARS,
                    CRITICAL if share > t["wajib_arrears_critical"] else WARNING,
                    ngettext(
                        "%(count)s anggota (%(share)s) menunggak simpanan wajib, %(amount)s",
                        "%(count)s anggota (%(share)s) menunggak simpanan wajib, %(amount)s",
                        snapshot.wajib_arrears_members,
                    )
                    % {
                        "count": snapshot.wajib_arrears_members,
                        "share": _pct(share),
                        "amount": format_rupiah(snapshot.wajib_arrears_amount),
                    },
                    str(share),
                )
            )
    if snapshot.liquidity_reserve and snapshot.cash_and_bank < snapshot.liquidity_reserve:
        out.append(
            Alert(
                coop,
                LIQUIDITY,
                CRITICAL,
                _("Kas dan bank %(cash)s di bawah cadangan minimum %(reserve)s")
                % {
                    "cash": format_rupiah(snapshot.cash_and_bank),
                    "reserve": format_rupiah(snapshot.liquidity_reserve),
                },
                str(snapshot.cash_and_bank - snapshot.liquidity_reserve),
            )
        )
    age = (today - snapshot.date).days
    if age > t["stale_days"]:
        out.append(
            Alert(
                coop,
                STALE,
                WARNING,
                _("Snapshot terakhir %(days)s hari yang lalu (%(date)s)")
                % {"days": age, "date": f"{snapshot.date:%d-%m-%Y}"},
                str(age),
            )
        )
    out.sort(key=lambda a: SEVERITY_ORDER[a.severity])
    return out
