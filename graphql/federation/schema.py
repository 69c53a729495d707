"""The federation roots: bodies, cooperatives in scope, time series, aggregates, rankings, alerts
and data-sharing consent. Every root field taking a body checks that the user holds a role on it;
every cooperative id is resolved within that body's scope."""

from __future__ import annotations

import graphene

from sokoguru.federation.consent.selectors import consent_targets
from sokoguru.federation.scope.selectors import scope_list_for_user
from sokoguru.federation.snapshots import selectors
from sokoguru.graphql.core.ids import encode_id, split_global_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.graphql.core.types import enum_value
from sokoguru.graphql.federation import enums
from sokoguru.graphql.federation.errors import public_error, typed_errors
from sokoguru.graphql.federation.mutations.data_sharing_consent_set import (
    DataSharingConsentSet,
)
from sokoguru.graphql.federation.pagination import paginate
from sokoguru.graphql.federation.resolvers import cooperative_pk, scope_from_id
from sokoguru.graphql.federation.types import (
    AlertView,
    DataSharingConsent,
    FederationAggregate,
    FederationAlertConnection,
    FederationBody,
    HealthDistribution,
    HealthFigures,
    HealthRankingConnection,
    HealthRankingEntry,
    RankingEntry,
    SnapshotFigures,
    Supervised,
    SupervisedCooperative,
    SupervisedCooperativeConnection,
    TrendPoint,
    today,
)
from sokoguru.graphql.tenancy.types import CooperativeKind
from sokoguru.platform.accounts.models import ADMIN_ROLES, CooperativeRole
from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.platform.tenancy.selectors import cooperative_get

BODY = graphene.ID(required=True, description="A FederationBody id (from federationBodies)")


class FederationQueries(graphene.ObjectType):
    federation_bodies = graphene.List(
        graphene.NonNull(FederationBody),
        required=True,
        description="The oversight bodies and secondary cooperatives the user belongs to.",
    )
    federation_body = graphene.Field(FederationBody, id=graphene.ID(required=True))
    supervised_cooperatives = graphene.Field(
        SupervisedCooperativeConnection,
        required=True,
        body=BODY,
        kind=CooperativeKind(),
        region_code=graphene.String(description="Kemendagri code inside the body's region"),
        npl_band=enums.NplBand(),
        rat_status=enums.RatStatus(),
        search=graphene.String(),
        order_by=enums.SupervisedCooperativeOrder(default_value="name"),
        first=graphene.Int(),
        after=graphene.String(),
    )
    supervised_cooperative = graphene.Field(
        SupervisedCooperative, body=BODY, id=graphene.ID(), slug=graphene.String()
    )
    cooperative_time_series = graphene.List(
        graphene.NonNull(SnapshotFigures),
        required=True,
        body=BODY,
        cooperative=graphene.ID(required=True),
        granularity=enums.SeriesGranularity(default_value="month"),
        count=graphene.Int(default_value=12),
    )
    federation_aggregate = graphene.Field(
        FederationAggregate, required=True, body=BODY, region_code=graphene.String()
    )
    federation_region_aggregates = graphene.List(
        graphene.NonNull(FederationAggregate),
        required=True,
        body=BODY,
        region_code=graphene.String(description="Break down this region (default: the body's)"),
    )
    sekunder_member_aggregates = graphene.List(
        graphene.NonNull(FederationAggregate),
        required=True,
        body=BODY,
        description="A secondary cooperative's consolidated view: one row per member.",
    )
    federation_consolidated = graphene.Field(
        "sokoguru.graphql.federation.consolidation.ConsolidatedTotals",
        required=True,
        body=BODY,
        description="Totals with the balances between cooperatives eliminated (setelah "
        "eliminasi); for a sekunder, over the sekunder and its member cooperatives.",
    )
    federation_housing_programme = graphene.Field(
        "sokoguru.graphql.federation.housing.HousingProgrammeAggregate",
        required=True,
        body=BODY,
        description="Housing programmes of the sekunders in scope, in aggregate.",
    )
    federation_trend = graphene.List(
        graphene.NonNull(TrendPoint), required=True, body=BODY, months=graphene.Int()
    )
    federation_rankings = graphene.List(
        graphene.NonNull(RankingEntry),
        required=True,
        body=BODY,
        metric=enums.RankingMetric(required=True),
        ascending=graphene.Boolean(default_value=False),
        limit=graphene.Int(default_value=10),
    )
    federation_alerts = graphene.Field(
        FederationAlertConnection,
        required=True,
        body=BODY,
        severity=enums.AlertSeverity(),
        kind=enums.AlertKind(),
        first=graphene.Int(),
        after=graphene.String(),
    )
    federation_health_distribution = graphene.List(
        graphene.NonNull(HealthDistribution),
        required=True,
        body=BODY,
        region_code=graphene.String(description="Break down this region (default: the body's)"),
        description="Cooperatives per health band: the whole body first, then per region.",
    )
    federation_health_ranking = graphene.Field(
        HealthRankingConnection,
        required=True,
        body=BODY,
        order_by=enums.HealthRankingOrder(default_value="score"),
        ascending=graphene.Boolean(default_value=False),
        band=enums.HealthBand(),
        first=graphene.Int(),
        after=graphene.String(),
        description="Cooperatives in scope by a health column (not assessed ones last).",
    )
    cooperative_health_trend = graphene.List(
        graphene.NonNull(HealthFigures),
        required=True,
        body=BODY,
        cooperative=graphene.ID(required=True),
        count=graphene.Int(default_value=12),
        description="One point per assessed month, oldest first: score, band and aspects.",
    )
    data_sharing_consents = graphene.List(
        graphene.NonNull(DataSharingConsent),
        required=True,
        cooperative=graphene.String(required=True, description="Your cooperative's slug"),
        description="What your cooperative shares with each body (its officers only).",
    )

    @staticmethod
    def resolve_federation_bodies(root, info):
        return scope_list_for_user(user=require_login(info))

    @staticmethod
    def resolve_federation_body(root, info, id):
        return FederationBody.get_node(info, _key_or_none(id))

    @staticmethod
    @typed_errors
    def resolve_supervised_cooperatives(root, info, body, **kw):
        scope = scope_from_id(info, body)
        rows = selectors.supervised_cooperative_list(
            scope=scope,
            today=today(),
            kind=enum_value(kw.get("kind")),
            region_code=kw.get("region_code"),
            npl_band=enum_value(kw.get("npl_band")),
            rat_status=enum_value(kw.get("rat_status")),
            search=kw.get("search"),
            order_by=enum_value(kw.get("order_by")) or "name",
        )
        return paginate(
            rows,
            first=kw.get("first"),
            after=kw.get("after"),
            connection_type=SupervisedCooperativeConnection,
            wrap=lambda page: Supervised.wrap(page, scope),
        )

    @staticmethod
    @typed_errors
    def resolve_supervised_cooperative(root, info, body, id=None, slug=None):
        scope = scope_from_id(info, body)
        if id:
            row = selectors.supervised_cooperative_get(
                scope=scope, cooperative_id=cooperative_pk(id)
            )
        elif slug:
            row = selectors.supervised_cooperative_get_by_slug(scope=scope, slug=slug)
        else:
            raise public_error("Isi id atau slug. / Give id or slug.", code="required", field="id")
        return Supervised(row, scope)

    @staticmethod
    @typed_errors
    def resolve_cooperative_time_series(
        root, info, body, cooperative, granularity="month", count=12
    ):
        scope = scope_from_id(info, body)
        return selectors.cooperative_series(
            scope=scope,
            cooperative_id=cooperative_pk(cooperative),
            granularity=enum_value(granularity),
            count=max(1, min(count or 12, 120)),
        )

    @staticmethod
    @typed_errors
    def resolve_federation_aggregate(root, info, body, region_code=None):
        scope = scope_from_id(info, body)
        return selectors.scope_aggregate(scope=scope, today=today(), region_code=region_code)

    @staticmethod
    @typed_errors
    def resolve_federation_region_aggregates(root, info, body, region_code=None):
        scope = scope_from_id(info, body)
        return selectors.region_aggregates(scope=scope, today=today(), region_code=region_code)

    @staticmethod
    @typed_errors
    def resolve_sekunder_member_aggregates(root, info, body):
        scope = scope_from_id(info, body)
        if not scope.is_sekunder:
            raise public_error(
                "Hanya untuk koperasi sekunder. / Secondary cooperatives only.",
                code="invalid",
                field="body",
            )
        return selectors.member_aggregates(scope=scope, today=today())

    @staticmethod
    @typed_errors
    def resolve_federation_consolidated(root, info, body):
        from sokoguru.federation.snapshots.consolidation import consolidated_totals

        return consolidated_totals(scope=scope_from_id(info, body))

    @staticmethod
    @typed_errors
    def resolve_federation_housing_programme(root, info, body):
        from sokoguru.federation.housing.selectors import (
            housing_programme_aggregate,
            housing_sekunder_ids,
        )

        scope = scope_from_id(info, body)
        return housing_programme_aggregate(sekunder_ids=housing_sekunder_ids(scope=scope))

    @staticmethod
    @typed_errors
    def resolve_federation_trend(root, info, body, months=None):
        scope = scope_from_id(info, body)
        return selectors.scope_trend(scope=scope, months=months or 12)

    @staticmethod
    @typed_errors
    def resolve_federation_rankings(root, info, body, metric, ascending=False, limit=10):
        scope = scope_from_id(info, body)
        metric = enum_value(metric)
        rows = selectors.ranking(
            scope=scope, metric=metric, descending=not ascending, limit=limit or 10
        )
        wrapped = Supervised.wrap(rows, scope)
        return [
            RankingEntry(rank=i + 1, value=str(getattr(s.snapshot, metric)), cooperative=s)
            for i, s in enumerate(wrapped)
        ]

    @staticmethod
    @typed_errors
    def resolve_federation_health_distribution(root, info, body, region_code=None):
        scope = scope_from_id(info, body)
        return selectors.health_band_distribution(scope=scope, region_code=region_code)

    @staticmethod
    @typed_errors
    def resolve_federation_health_ranking(
        root, info, body, order_by="score", ascending=False, band=None, first=None, after=None
    ):
        from sokoguru.graphql.federation.pagination import page_bounds

        scope = scope_from_id(info, body)
        rows = selectors.health_ranking(
            scope=scope,
            order_by=enum_value(order_by) or "score",
            descending=not ascending,
            band=enum_value(band),
        )
        offset, _size = page_bounds(first, after)

        def wrap(page):
            return [
                HealthRankingEntry(
                    rank=offset + i + 1,
                    cooperative=w,
                    health=w.snapshot,
                    npl_ratio=w.snapshot.npl_ratio,
                )
                for i, w in enumerate(Supervised.wrap(page, scope))
            ]

        return paginate(
            rows, first=first, after=after, connection_type=HealthRankingConnection, wrap=wrap
        )

    @staticmethod
    @typed_errors
    def resolve_cooperative_health_trend(root, info, body, cooperative, count=12):
        scope = scope_from_id(info, body)
        return selectors.cooperative_health_trend(
            scope=scope,
            cooperative_id=cooperative_pk(cooperative),
            count=max(1, min(count or 12, 120)),
        )

    @staticmethod
    @typed_errors
    def resolve_federation_alerts(
        root, info, body, severity=None, kind=None, first=None, after=None
    ):
        scope = scope_from_id(info, body)
        pairs = selectors.alert_list(
            scope=scope,
            today=today(),
            severity=enum_value(severity),
            kind=enum_value(kind),
        )

        def wrap(page):
            supervised = {
                s.cooperative_id: w
                for s, w in zip(
                    [p[0] for p in page], Supervised.wrap([p[0] for p in page], scope), strict=True
                )
            }
            return [AlertView(alert, supervised[s.cooperative_id]) for s, alert in page]

        return paginate(
            pairs, first=first, after=after, connection_type=FederationAlertConnection, wrap=wrap
        )

    @staticmethod
    @typed_errors
    def resolve_data_sharing_consents(root, info, cooperative):
        user = require_login(info)
        coop = cooperative_get(slug=cooperative)
        if (
            coop is None
            or not CooperativeRole.objects.filter(
                user=user, cooperative=coop, role__in=ADMIN_ROLES
            ).exists()
        ):
            raise PermissionDenied(
                "Anda bukan pengurus koperasi ini. / You are not an officer of this cooperative.",
                field="cooperative",
            )
        return [_consent_view(t) for t in consent_targets(cooperative=coop)]


def _consent_view(target: dict) -> DataSharingConsent:
    if target["body"] is not None:
        key, kind = f"body:{target['body'].slug}", target["body"].kind
    else:
        key, kind = f"sekunder:{target['sekunder'].slug}", "sekunder"
    return DataSharingConsent(
        body_id=encode_id("FederationBody", key),
        body_name=target["name"],
        body_kind=kind,
        level=str(target["level"]),
        updated_at=target["updated_at"],
    )


def _key_or_none(global_id: str) -> str | None:
    type_name, key = split_global_id(global_id)
    return key if type_name == "FederationBody" else None


class FederationMutations(graphene.ObjectType):
    data_sharing_consent_set = DataSharingConsentSet.Field()
