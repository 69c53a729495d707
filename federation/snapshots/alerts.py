"""Rules oversight watches, evaluated on a cooperative's latest snapshot: NPL above 5%, the RAT
(one state per cooperative: not due yet, due soon, overdue — by the by-laws' deadline, six months
after the fiscal year by default —, held but not reported to the dinas, reported), wajib
arrears above a threshold, liquidity below the by-laws' reserve, a snapshot older than two days.
Thresholds are settings (``FEDERATION_ALERTS``)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils.formats import date_format
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
HEALTH_BAND_DROP, PEARLS_OFF_GOAL = "health_band_drop", "pearls_off_goal"
KIND_LABELS = {
    HEALTH_BAND_DROP: gettext_lazy("Predikat kesehatan turun"),
    PEARLS_OFF_GOAL: gettext_lazy("Rasio PEARLS di luar sasaran"),
    NPL: gettext_lazy("NPL tinggi"),
    RAT: gettext_lazy("RAT"),
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

# RAT state for the fiscal year most recently ended (fiscal year = calendar year). ONE rule set:
# the dashboard badge, the cooperative card, the filter, the season view and the API all read
# ``rat_state`` / ``rat_state_q``.
RAT_NOT_DUE, RAT_DUE_SOON, RAT_OVERDUE = "not_due", "due_soon", "overdue"
RAT_UNREPORTED, RAT_REPORTED = "held_unreported", "reported"
RAT_STATUS_LABELS = {
    RAT_NOT_DUE: gettext_lazy("RAT belum jatuh tempo"),
    RAT_DUE_SOON: gettext_lazy("RAT segera jatuh tempo"),
    RAT_OVERDUE: gettext_lazy("Lewat batas RAT"),
    RAT_UNREPORTED: gettext_lazy("Sudah RAT, laporan belum dikirim"),
    RAT_REPORTED: gettext_lazy("Sudah RAT dan dilaporkan"),
}
RAT_HELD_STATES = (RAT_UNREPORTED, RAT_REPORTED)
DUE_SOON_DAYS = 60
DEFAULT_DEADLINE_MONTHS = 6
_MONTHS = range(1, 13)


# Health bands from best to worst (tenants/health, Kemenkop 06/2016): a drop is a move right.
HEALTH_BANDS = ("sehat", "cukup_sehat", "dalam_pengawasan", "dalam_pengawasan_khusus")
HEALTH_BAND_LABELS = {
    "sehat": gettext_lazy("Sehat"),
    "cukup_sehat": gettext_lazy("Cukup Sehat"),
    "dalam_pengawasan": gettext_lazy("Dalam Pengawasan"),
    "dalam_pengawasan_khusus": gettext_lazy("Dalam Pengawasan Khusus"),
}
# PEARLS ratios whose miss raises an alert (the protection, asset-quality and liquidity ones;
# structure and growth misses are shown on the cooperative's page only).
PEARLS_ALERTED = ("P1", "A1", "L1", "L2")


def health_band_label(band: str) -> str:
    return str(HEALTH_BAND_LABELS.get(band, band or "—"))


def thresholds() -> dict:
    return {**DEFAULTS, **getattr(settings, "FEDERATION_ALERTS", {})}


def rat_fiscal_year_due(today: date) -> int:
    """The fiscal year whose RAT is the current concern: the one that ended last 31 December."""
    return today.year - 1


def rat_deadline(today: date, deadline_months: int = DEFAULT_DEADLINE_MONTHS) -> date:
    """Last day for the RAT of the fiscal year just ended: the end of the by-laws' month after
    the fiscal year (six months by default: 30 June)."""
    year = rat_fiscal_year_due(today) + 1
    month = min(max(int(deadline_months or DEFAULT_DEADLINE_MONTHS), 1), 12)
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RatState:
    state: str
    fiscal_year: int  # the fiscal year whose RAT is due
    deadline: date
    held_on: date | None
    report_due: date | None
    report_submitted_on: date | None
    covered_year: int | None

    @property
    def label(self) -> str:
        return RAT_STATUS_LABELS[self.state]

    @property
    def is_held(self) -> bool:
        return self.state in RAT_HELD_STATES


def _covered_year(last_rat_date: date | None, rat_fiscal_year: int | None) -> int | None:
    if rat_fiscal_year is not None:
        return rat_fiscal_year
    return last_rat_date.year - 1 if last_rat_date is not None else None


def rat_state(
    *,
    today: date,
    last_rat_date: date | None,
    rat_fiscal_year: int | None = None,
    report_submitted_on: date | None = None,
    deadline_months: int | None = DEFAULT_DEADLINE_MONTHS,
) -> RatState:
    """The RAT state on ``today``: held for the fiscal year just ended and reported to the dinas /
    held but not reported (an alert once a month has passed) / not held: not due yet, due soon
    (within 60 days of the deadline), overdue."""
    year = rat_fiscal_year_due(today)
    deadline = rat_deadline(today, deadline_months or DEFAULT_DEADLINE_MONTHS)
    covered = _covered_year(last_rat_date, rat_fiscal_year)
    held = covered is not None and covered >= year
    report_due = _add_month(last_rat_date) if held and last_rat_date else None
    if held:
        state = RAT_REPORTED if report_submitted_on is not None else RAT_UNREPORTED
    elif today > deadline:
        state = RAT_OVERDUE
    elif today >= deadline - timedelta(days=DUE_SOON_DAYS):
        state = RAT_DUE_SOON
    else:
        state = RAT_NOT_DUE
    return RatState(
        state=state,
        fiscal_year=year,
        deadline=deadline,
        held_on=last_rat_date if held else None,
        report_due=report_due,
        report_submitted_on=report_submitted_on if held else None,
        covered_year=covered,
    )


def rat_state_of(snapshot, today: date) -> RatState:
    return rat_state(
        today=today,
        last_rat_date=snapshot.last_rat_date,
        rat_fiscal_year=snapshot.rat_fiscal_year,
        report_submitted_on=snapshot.rat_report_submitted_on,
        deadline_months=snapshot.rat_deadline_months,
    )


def rat_status(last_rat_date: date | None, today: date, **kwargs) -> str:
    """The state key only (see ``rat_state``)."""
    return rat_state(today=today, last_rat_date=last_rat_date, **kwargs).state


def rat_status_q(status: str, today: date) -> Q:
    """The snapshots in ``status`` on ``today`` — the same rules as ``rat_state``, as a filter."""
    year = rat_fiscal_year_due(today)
    covered = Q(rat_fiscal_year__gte=year) | Q(
        rat_fiscal_year__isnull=True, last_rat_date__gte=date(year + 1, 1, 1)
    )
    if status == RAT_REPORTED:
        return covered & Q(rat_report_submitted_on__isnull=False)
    if status == RAT_UNREPORTED:
        return covered & Q(rat_report_submitted_on__isnull=True)
    deadlines = {m: rat_deadline(today, m) for m in _MONTHS}
    soon = timedelta(days=DUE_SOON_DAYS)
    months = {
        RAT_OVERDUE: [m for m, d in deadlines.items() if today > d],
        RAT_DUE_SOON: [m for m, d in deadlines.items() if d - soon <= today <= d],
        RAT_NOT_DUE: [m for m, d in deadlines.items() if today < d - soon],
    }.get(status)
    if months is None:
        return Q(pk__in=[])
    not_held = ~covered
    default_included = DEFAULT_DEADLINE_MONTHS in months
    by_months = Q(rat_deadline_months__in=months)
    if default_included:  # out-of-range values are read as the default, as in rat_deadline
        by_months |= ~Q(rat_deadline_months__in=list(_MONTHS))
    return not_held & by_months


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
    label: str = ""

    @property
    def kind_label(self) -> str:
        return self.label or KIND_LABELS[self.kind]

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.01'))}%".replace(".", ",")


def rat_alert(snapshot, *, today: date) -> Alert | None:
    """The RAT alert of a snapshot (None when nothing is due): its badge is the state's label."""
    state = rat_state_of(snapshot, today)
    deadline = date_format(state.deadline, "j F Y")
    if state.state == RAT_OVERDUE:
        two_years = state.covered_year is not None and state.covered_year < state.fiscal_year - 1
        severity = CRITICAL if two_years else WARNING
        message = (
            _("RAT tahun buku %(fiscal_year)s belum tercatat; batas %(deadline)s terlewati")
            % {"fiscal_year": state.fiscal_year, "deadline": deadline}
            if snapshot.last_rat_date is None
            else _("RAT terakhir %(date)s; batas %(deadline)s terlewati")
            % {"date": f"{snapshot.last_rat_date:%d-%m-%Y}", "deadline": deadline}
        )
    elif state.state == RAT_DUE_SOON:
        severity = WARNING
        message = _("RAT tahun buku %(fiscal_year)s belum dilaksanakan; batas %(deadline)s") % {
            "fiscal_year": state.fiscal_year,
            "deadline": deadline,
        }
    elif state.state == RAT_UNREPORTED:
        late = state.report_due is not None and today > state.report_due
        severity = WARNING if late else INFO
        message = _("RAT %(date)s; laporan ke dinas belum dikirim (batas %(report_due)s)") % {
            "date": date_format(state.held_on, "j F Y"),
            "report_due": date_format(state.report_due, "j F Y") if state.report_due else "",
        }
    else:
        return None
    return Alert(
        snapshot.cooperative_id,
        RAT,
        severity,
        message,
        state.state,
        label=str(RAT_STATUS_LABELS[state.state]),
    )


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
    rat = rat_alert(snapshot, today=today)
    if rat is not None:
        out.append(rat)
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
    out.extend(health_alerts(snapshot))
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


def health_alerts(snapshot) -> list[Alert]:
    """A band drop against the previous month's assessment (critical into Dalam Pengawasan
    Khusus), and the alerted PEARLS ratios outside their goals (one alert listing them)."""
    out: list[Alert] = []
    now, before = snapshot.health_band, snapshot.health_band_previous
    if now in HEALTH_BANDS and before in HEALTH_BANDS:
        if HEALTH_BANDS.index(now) > HEALTH_BANDS.index(before):
            out.append(
                Alert(
                    snapshot.cooperative_id,
                    HEALTH_BAND_DROP,
                    CRITICAL if now == HEALTH_BANDS[-1] else WARNING,
                    _("Predikat kesehatan turun dari %(before)s menjadi %(now)s (skor %(score)s)")
                    % {
                        "before": health_band_label(before),
                        "now": health_band_label(now),
                        "score": f"{snapshot.health_score}".replace(".", ","),
                    },
                    now,
                )
            )
    missed = []
    for code in PEARLS_ALERTED:
        entry = (snapshot.health_pearls or {}).get(code) or {}
        if entry.get("met") is False:
            ratio = str(entry.get("ratio") or "").replace(".", ",")
            missed.append(f"{code} {ratio}% ({_('sasaran')} {entry.get('goal', '')})")
    if missed:
        out.append(
            Alert(
                snapshot.cooperative_id,
                PEARLS_OFF_GOAL,
                INFO,
                _("PEARLS di luar sasaran: %(ratios)s") % {"ratios": "; ".join(missed)},
                ",".join(code.split(" ")[0] for code in missed),
            )
        )
    return out
