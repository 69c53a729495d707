"""Federation API types. Every object is reached through a ``Scope`` of the requesting user; the
node types' ``get_node`` re-checks the scope, so ``node(id)`` never returns what the user's bodies
do not cover."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import graphene
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sokoguru.federation.consent.models import ConsentLevel as ConsentLevelModel
from sokoguru.federation.consent.selectors import member_level_cooperative_ids, shared_member_list
from sokoguru.federation.scope.selectors import Scope, scope_get, scopes_covering
from sokoguru.federation.snapshots import alerts as rules
from sokoguru.federation.snapshots.selectors import (
    cooperative_series,
    supervised_cooperative_get,
)
from sokoguru.graphql.core.ids import Node
from sokoguru.graphql.core.types import CountableConnection, Money, enum_value
from sokoguru.graphql.federation import enums
from sokoguru.graphql.federation.pagination import paginate
from sokoguru.graphql.tenancy.types import CooperativeKind
from sokoguru.platform.core.errors import SokoguruError


def attr(name: str):
    return lambda root, info: getattr(root, name)


_NOT_ASSESSED = gettext_lazy("Belum dinilai")


def today() -> date:
    return timezone.localdate()


# --- Bodies -------------------------------------------------------------------------------


class FederationBody(graphene.ObjectType):
    """An oversight body (kelurahan, kecamatan, dinas) or a secondary cooperative, as seen by one
    of its officials."""

    key = graphene.String(required=True, description="body:<slug> or sekunder:<slug>")
    kind = graphene.Field(enums.FederationBodyKind, required=True)
    kind_label = graphene.String(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    region_code = graphene.String(required=True)
    region_name = graphene.String(required=True)
    role = graphene.String(required=True)

    class Meta:
        interfaces = (Node,)

    @staticmethod
    def resolve_id(root: Scope, info):
        return root.key

    @staticmethod
    def resolve_kind(root: Scope, info):
        return root.body_kind

    @staticmethod
    def resolve_kind_label(root: Scope, info):
        return root.body_kind_label

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, Scope)

    @classmethod
    def get_node(cls, info, key):
        try:
            return scope_get(user=info.context.user, key=key)
        except SokoguruError:
            return None


# --- Snapshot figures (a snapshot row or an aggregate expose the same attribute names) ----


class MembersByStatus(graphene.ObjectType):
    active = graphene.Int(required=True, resolver=attr("members_active"))
    flagged = graphene.Int(required=True, resolver=attr("members_flagged"))
    inactive = graphene.Int(required=True, resolver=attr("members_inactive"))
    exited = graphene.Int(required=True, resolver=attr("members_exited"))
    deceased = graphene.Int(required=True, resolver=attr("members_deceased"))
    total = graphene.Int(required=True, resolver=attr("members_total"))


class SavingsByKind(graphene.ObjectType):
    pokok = Money(required=True, resolver=attr("savings_pokok"))
    wajib = Money(required=True, resolver=attr("savings_wajib"))
    sukarela = Money(required=True, resolver=attr("savings_sukarela"))
    total = Money(required=True, resolver=attr("savings_total"))


class LoanBucketFigures(graphene.ObjectType):
    bucket = graphene.Field(enums.LoanBucket, required=True)
    count = graphene.Int(required=True)
    outstanding = Money(required=True)


class LoanFigures(graphene.ObjectType):
    count = graphene.Int(required=True, resolver=attr("loans_count"))
    outstanding = Money(required=True, resolver=attr("loans_outstanding"))
    npl_ratio = graphene.Decimal(
        required=True,
        description="0..1, 4 places: (kurang lancar + diragukan + macet) / outstanding",
    )
    allowance = Money(
        required=True,
        resolver=attr("loan_allowance"),
        description="Cadangan kerugian piutang held for the active loans",
    )
    buckets = graphene.List(graphene.NonNull(LoanBucketFigures), required=True)
    funding_queue_length = graphene.Int(required=True, resolver=attr("funding_queue_length"))
    funding_queue_amount = Money(required=True, resolver=attr("funding_queue_amount"))
    available_funds = Money(required=True, resolver=attr("available_funds"))

    @staticmethod
    def resolve_npl_ratio(root, info):
        return root.npl_ratio

    @staticmethod
    def resolve_buckets(root, info):
        return [
            LoanBucketFigures(
                bucket=b,
                count=getattr(root, f"loans_{b}_count"),
                outstanding=getattr(root, f"loans_{b}_outstanding"),
            )
            for b in ("lancar", "dalam_perhatian_khusus", "kurang_lancar", "diragukan", "macet")
        ]


class WajibArrears(graphene.ObjectType):
    members = graphene.Int(required=True, resolver=attr("wajib_arrears_members"))
    months = graphene.Int(required=True, resolver=attr("wajib_arrears_months"))
    amount = Money(required=True, resolver=attr("wajib_arrears_amount"))


class FiguresMixin:
    """Fields shared by a snapshot row and an aggregate (same attribute names)."""

    members_active = graphene.Int(required=True)
    members_by_status = graphene.Field(MembersByStatus, required=True, resolver=lambda r, i: r)
    savings = graphene.Field(SavingsByKind, required=True, resolver=lambda r, i: r)
    loans = graphene.Field(LoanFigures, required=True, resolver=lambda r, i: r)
    wajib_arrears = graphene.Field(WajibArrears, required=True, resolver=lambda r, i: r)
    total_assets = Money(required=True)
    total_liabilities = Money(required=True)
    total_equity = Money(required=True)
    income_ytd = Money(required=True)
    expenses_ytd = Money(required=True)
    surplus_ytd = Money(required=True)
    cash_and_bank = Money(required=True)
    liquidity_reserve = Money(required=True)


class WasteCategoryKg(graphene.ObjectType):
    category = graphene.String(required=True, description="Waste category code")
    kg = graphene.Decimal(required=True)


class WasteBankFigures(graphene.ObjectType):
    """The waste bank in the month of the snapshot date, up to that day."""

    kg_month = graphene.Decimal(required=True, resolver=lambda r, i: r.waste_kg_month)
    kg_by_category = graphene.List(graphene.NonNull(WasteCategoryKg), required=True)
    customers_active = graphene.Int(
        required=True,
        description="Customers who deposited this month",
        resolver=lambda r, i: r.waste_customers_active,
    )
    savings_balance = Money(required=True, resolver=lambda r, i: r.waste_savings_balance)
    sales_month = Money(required=True, resolver=lambda r, i: r.waste_sales_month)
    margin_month = Money(required=True, resolver=lambda r, i: r.waste_margin_month)

    @staticmethod
    def resolve_kg_by_category(root, info):
        return [
            WasteCategoryKg(category=k, kg=Decimal(v))
            for k, v in sorted((root.waste_kg_by_category or {}).items())
        ]


class HealthAspectScore(graphene.ObjectType):
    aspect = graphene.String(required=True, description="Aspect code, e.g. permodalan")
    score = graphene.Decimal(required=True)


class PearlsFigure(graphene.ObjectType):
    code = graphene.String(required=True, description="PEARLS ratio, e.g. A1")
    ratio = graphene.Decimal(description="Percent; null when the denominator is zero")
    goal = graphene.String(required=True)
    met = graphene.Boolean(description="Whether the goal is met; null without a ratio")


class HealthFigures(graphene.ObjectType):
    """The cooperative's newest health assessment on the snapshot date (aggregates only)."""

    date = graphene.Date(required=True, description="The snapshot date")
    month = graphene.Date(description="Month end assessed; null when never assessed")
    scheme = graphene.String(required=True, resolver=attr("health_scheme"))
    score = graphene.Decimal(resolver=attr("health_score"))
    band = graphene.Field(enums.HealthBand, required=True)
    band_label = graphene.String(required=True)
    previous_band = graphene.Field(enums.HealthBand, required=True)
    aspects = graphene.List(graphene.NonNull(HealthAspectScore), required=True)
    pearls = graphene.List(graphene.NonNull(PearlsFigure), required=True)

    @staticmethod
    def resolve_month(root, info):
        return root.health_month

    @staticmethod
    def resolve_band(root, info):
        return root.health_band or "none"

    @staticmethod
    def resolve_band_label(root, info):
        return rules.health_band_label(root.health_band)

    @staticmethod
    def resolve_previous_band(root, info):
        return root.health_band_previous or "none"

    @staticmethod
    def resolve_aspects(root, info):
        from sokoguru.federation.snapshots.selectors import HEALTH_ASPECTS

        scores = root.health_aspects or {}
        return [
            HealthAspectScore(aspect=a, score=Decimal(scores[a]))
            for a in HEALTH_ASPECTS
            if a in scores
        ]

    @staticmethod
    def resolve_pearls(root, info):
        return [
            PearlsFigure(
                code=code,
                ratio=None if v.get("ratio") is None else Decimal(v["ratio"]),
                goal=v.get("goal", ""),
                met=v.get("met"),
            )
            for code, v in (root.health_pearls or {}).items()
        ]


class SnapshotFigures(FiguresMixin, graphene.ObjectType):
    """One cooperative's figures on one date."""

    health = graphene.Field(HealthFigures, required=True, resolver=lambda r, i: r)

    waste_bank = graphene.Field(WasteBankFigures, required=True, resolver=lambda r, i: r)
    date = graphene.Date(required=True)
    computed_at = graphene.DateTime(required=True)
    is_month_end = graphene.Boolean(required=True)
    last_rat_date = graphene.Date()
    rat_fiscal_year = graphene.Int(description="Fiscal year covered by the last RAT")
    rat_report_submitted_on = graphene.Date(description="Last RAT's report sent to the dinas")
    shu_last_year = graphene.Int(description="Last closed fiscal year")
    shu_last_amount = Money(required=True, description="SHU of the last closed fiscal year")
    shu_last_distributed = graphene.Boolean(required=True)
    shu_last_distributed_on = graphene.Date()
    stale = graphene.Boolean(required=True, description="Older than the staleness limit")

    @staticmethod
    def resolve_stale(root, info):
        return (today() - root.date).days > rules.thresholds()["stale_days"]


# --- Cooperatives in scope ----------------------------------------------------------------


class PageGroup:
    """The cooperatives of one page, so per-row fields (consent level) load in one query."""

    def __init__(self, scope: Scope, cooperative_ids: list[int]):
        self.scope = scope
        self.ids = cooperative_ids
        self._member_level: set[int] | None = None

    def member_level(self, cooperative_id: int) -> bool:
        if self._member_level is None:
            self._member_level = member_level_cooperative_ids(
                scope=self.scope, cooperative_ids=self.ids
            )
        return cooperative_id in self._member_level


class Supervised:
    """A cooperative as seen from a scope: its registry row and latest snapshot."""

    def __init__(self, snapshot, scope: Scope, group: PageGroup | None = None):
        self.snapshot = snapshot
        self.scope = scope
        self.group = group or PageGroup(scope, [snapshot.cooperative_id])

    @property
    def cooperative(self):
        return self.snapshot.cooperative

    @classmethod
    def wrap(cls, snapshots, scope: Scope) -> list[Supervised]:
        snapshots = list(snapshots)
        group = PageGroup(scope, [s.cooperative_id for s in snapshots])
        return [cls(s, scope, group) for s in snapshots]


class SharedMemberType(graphene.ObjectType):
    number = graphene.String(required=True)
    full_name = graphene.String(required=True)
    status = graphene.String(required=True, description="Status code (active, flagged, …)")
    status_label = graphene.String(required=True, description="The status in words")
    joined_on = graphene.Date()
    savings_total = Money(required=True)
    loans_outstanding = Money(required=True)

    class Meta:
        name = "SharedMember"

    @staticmethod
    def resolve_status_label(root, info):
        return root.status_label


class SharedMemberConnection(CountableConnection):
    class Meta:
        node = SharedMemberType


class SupervisedCooperative(graphene.ObjectType):
    """A cooperative in one of the user's scopes, with its latest snapshot. Member-level data is
    present only where the cooperative has consented to share it with that body."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    kind = graphene.Field(CooperativeKind, required=True)
    legal_number = graphene.String(required=True)
    region_code = graphene.String(required=True)
    region_name = graphene.String(required=True)
    snapshot = graphene.Field(SnapshotFigures, required=True)
    npl_band = graphene.Field(enums.NplBand, required=True)
    rat_status = graphene.Field(enums.RatStatus, required=True)
    rat = graphene.Field(lambda: RatStateType, required=True)
    alerts = graphene.List(graphene.NonNull(lambda: FederationAlert), required=True)
    consent_level = graphene.Field(enums.ConsentLevel, required=True)
    shared_members = graphene.Field(
        SharedMemberConnection,
        first=graphene.Int(),
        after=graphene.String(),
        search=graphene.String(),
        description="The member roster summary; null unless the cooperative shares "
        "member-level data with this body.",
    )
    time_series = graphene.List(
        graphene.NonNull(SnapshotFigures),
        required=True,
        granularity=enums.SeriesGranularity(default_value="month"),
        count=graphene.Int(default_value=12),
    )

    class Meta:
        interfaces = (Node,)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, Supervised)

    @classmethod
    def get_node(cls, info, cooperative_id):
        try:
            pk = int(cooperative_id)
        except (TypeError, ValueError):
            return None
        for scope in scopes_covering(user=info.context.user, cooperative_id=pk):
            try:
                return Supervised(supervised_cooperative_get(scope=scope, cooperative_id=pk), scope)
            except SokoguruError:
                continue
        return None

    @staticmethod
    def resolve_id(root: Supervised, info):
        return root.snapshot.cooperative_id

    @staticmethod
    def resolve_name(root, info):
        return root.cooperative.name

    @staticmethod
    def resolve_slug(root, info):
        return root.cooperative.slug

    @staticmethod
    def resolve_kind(root, info):
        return root.cooperative.kind

    @staticmethod
    def resolve_legal_number(root, info):
        return root.cooperative.legal_number

    @staticmethod
    def resolve_region_code(root, info):
        return root.snapshot.region_code

    @staticmethod
    def resolve_region_name(root, info):
        domicile = root.cooperative.domicile
        return domicile.name if domicile else ""

    @staticmethod
    def resolve_snapshot(root, info):
        return root.snapshot

    @staticmethod
    def resolve_npl_band(root, info):
        return rules.npl_band(root.snapshot.loans_outstanding, root.snapshot.npl_ratio)

    @staticmethod
    def resolve_rat_status(root, info):
        return rules.rat_state_of(root.snapshot, today()).state

    @staticmethod
    def resolve_rat(root, info):
        return rules.rat_state_of(root.snapshot, today())

    @staticmethod
    def resolve_alerts(root, info):
        return [AlertView(alert, root) for alert in rules.alerts_for(root.snapshot, today=today())]

    @staticmethod
    def resolve_consent_level(root, info):
        if root.group.member_level(root.snapshot.cooperative_id):
            return ConsentLevelModel.MEMBER_LEVEL.value
        return ConsentLevelModel.AGGREGATE.value

    @staticmethod
    def resolve_shared_members(root, info, first=None, after=None, search=None):
        if not root.group.member_level(root.snapshot.cooperative_id):
            return None
        rows = shared_member_list(
            scope=root.scope, cooperative_id=root.snapshot.cooperative_id, search=search
        )
        return paginate(rows, first=first, after=after, connection_type=SharedMemberConnection)

    @staticmethod
    def resolve_time_series(root, info, granularity="month", count=12):
        return cooperative_series(
            scope=root.scope,
            cooperative_id=root.snapshot.cooperative_id,
            granularity=enum_value(granularity),
            count=max(1, min(count or 12, 120)),
        )


class SupervisedCooperativeConnection(CountableConnection):
    class Meta:
        node = SupervisedCooperative


# --- Alerts, aggregates, trends, rankings -------------------------------------------------


class AlertView:
    def __init__(self, alert: rules.Alert, supervised: Supervised):
        self.alert = alert
        self.supervised = supervised


class FederationAlert(graphene.ObjectType):
    kind = graphene.Field(enums.AlertKind, required=True)
    kind_label = graphene.String(required=True)
    severity = graphene.Field(enums.AlertSeverity, required=True)
    severity_label = graphene.String(required=True)
    message = graphene.String(required=True)
    value = graphene.String(required=True)
    cooperative = graphene.Field(SupervisedCooperative, required=True)

    @staticmethod
    def resolve_kind(root, info):
        return root.alert.kind

    @staticmethod
    def resolve_kind_label(root, info):
        return root.alert.kind_label

    @staticmethod
    def resolve_severity(root, info):
        return root.alert.severity

    @staticmethod
    def resolve_severity_label(root, info):
        return root.alert.severity_label

    @staticmethod
    def resolve_message(root, info):
        return root.alert.message

    @staticmethod
    def resolve_value(root, info):
        return root.alert.value

    @staticmethod
    def resolve_cooperative(root, info):
        return root.supervised


class FederationAlertConnection(CountableConnection):
    class Meta:
        node = FederationAlert


class BandCount(graphene.ObjectType):
    band = graphene.Field(enums.NplBand, required=True)
    label = graphene.String(required=True)
    count = graphene.Int(required=True)


class KindCount(graphene.ObjectType):
    kind = graphene.Field(CooperativeKind, required=True)
    count = graphene.Int(required=True)


class RatStatusCount(graphene.ObjectType):
    status = graphene.Field(enums.RatStatus, required=True)
    label = graphene.String(required=True)
    count = graphene.Int(required=True)


class RatStateType(graphene.ObjectType):
    """Where a cooperative stands with its RAT for the fiscal year just ended."""

    class Meta:
        name = "RatState"

    state = graphene.Field(enums.RatStatus, required=True)
    label = graphene.String(required=True)
    fiscal_year = graphene.Int(required=True, description="Fiscal year whose RAT is due")
    deadline = graphene.Date(required=True, description="By-laws' deadline for that RAT")
    held_on = graphene.Date(description="When that RAT was held")
    report_due = graphene.Date(description="Report to the dinas due (one month after)")
    report_submitted_on = graphene.Date()

    @staticmethod
    def resolve_label(root, info):
        return str(root.label)


class FederationAggregate(FiguresMixin, graphene.ObjectType):
    """Sums over a set of cooperatives' latest snapshots; ratios are weighted (NPL = non-performing
    outstanding / total outstanding)."""

    key = graphene.String(required=True, description="Region code, body key or cooperative slug")
    label = graphene.String(required=True)
    cooperative_count = graphene.Int(required=True)
    latest_date = graphene.Date()
    npl_distribution = graphene.List(graphene.NonNull(BandCount), required=True)
    kind_distribution = graphene.List(graphene.NonNull(KindCount), required=True)
    rat_distribution = graphene.List(graphene.NonNull(RatStatusCount), required=True)

    @staticmethod
    def resolve_npl_distribution(root, info):
        return [
            BandCount(band=band, label=rules.NPL_BAND_LABELS[band], count=count)
            for band, count in root.npl_distribution.items()
        ]

    @staticmethod
    def resolve_kind_distribution(root, info):
        return [KindCount(kind=k, count=n) for k, n in sorted(root.kind_distribution.items())]

    @staticmethod
    def resolve_rat_distribution(root, info):
        return [
            RatStatusCount(status=s, label=rules.RAT_STATUS_LABELS[s], count=n)
            for s, n in root.rat_distribution.items()
        ]


class TrendPoint(graphene.ObjectType):
    date = graphene.Date(required=True)
    cooperative_count = graphene.Int(required=True)
    savings_total = Money(required=True)
    loans_outstanding = Money(required=True)
    npl_ratio = graphene.Decimal(required=True)
    total_assets = Money(required=True)
    members_active = graphene.Int(required=True)


class HealthBandCount(graphene.ObjectType):
    band = graphene.Field(enums.HealthBand, required=True)
    label = graphene.String(required=True)
    count = graphene.Int(required=True)


class HealthDistribution(graphene.ObjectType):
    """Cooperatives per health band in the scope (key = the body) or in one of its regions."""

    key = graphene.String(required=True)
    label = graphene.String(required=True)
    cooperative_count = graphene.Int(required=True)
    average_score = graphene.Decimal()
    bands = graphene.List(graphene.NonNull(HealthBandCount), required=True)

    @staticmethod
    def resolve_bands(root, info):
        return [
            HealthBandCount(
                band=band,
                label=rules.health_band_label(band) if band != "none" else str(_NOT_ASSESSED),
                count=count,
            )
            for band, count in root.bands.items()
        ]


class HealthRankingEntry(graphene.ObjectType):
    rank = graphene.Int(required=True)
    cooperative = graphene.Field(lambda: SupervisedCooperative, required=True)
    health = graphene.Field(HealthFigures, required=True)
    npl_ratio = graphene.Decimal(required=True)


class HealthRankingConnection(CountableConnection):
    class Meta:
        node = HealthRankingEntry


class RankingEntry(graphene.ObjectType):
    rank = graphene.Int(required=True)
    value = graphene.String(required=True, description="The metric's value (decimal string)")
    cooperative = graphene.Field(SupervisedCooperative, required=True)


class DataSharingConsent(graphene.ObjectType):
    """What a cooperative shares with one body that oversees or groups it."""

    body_id = graphene.ID(required=True, description="FederationBody id")
    body_name = graphene.String(required=True)
    body_kind = graphene.Field(enums.FederationBodyKind, required=True)
    level = graphene.Field(enums.ConsentLevel, required=True)
    updated_at = graphene.DateTime()
