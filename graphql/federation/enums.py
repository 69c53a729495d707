from __future__ import annotations

import graphene

from sokoguru.federation.snapshots import alerts as rules


class FederationBodyKind(graphene.Enum):
    KELURAHAN = "kelurahan"
    KECAMATAN = "kecamatan"
    DINAS_KOTA = "dinas_kota"
    DINAS_PROVINSI = "dinas_provinsi"
    SEKUNDER = "sekunder"


class NplBand(graphene.Enum):
    NONE = rules.NPL_NONE
    HEALTHY = rules.NPL_HEALTHY
    WATCH = rules.NPL_WATCH
    PROBLEM = rules.NPL_PROBLEM


class RatStatus(graphene.Enum):
    """The RAT state for the fiscal year just ended (one rule set with the dashboard)."""

    NOT_DUE = rules.RAT_NOT_DUE
    DUE_SOON = rules.RAT_DUE_SOON
    OVERDUE = rules.RAT_OVERDUE
    HELD_UNREPORTED = rules.RAT_UNREPORTED
    REPORTED = rules.RAT_REPORTED


class AlertKind(graphene.Enum):
    NPL = rules.NPL
    RAT = rules.RAT
    WAJIB_ARREARS = rules.WAJIB_ARREARS
    LIQUIDITY = rules.LIQUIDITY
    STALE = rules.STALE
    HEALTH_BAND_DROP = rules.HEALTH_BAND_DROP
    PEARLS_OFF_GOAL = rules.PEARLS_OFF_GOAL


class HealthBand(graphene.Enum):
    """Health bands of the Kemenkop 06/2016 scheme (Sehat ≥ 80, Cukup Sehat ≥ 66, Dalam
    Pengawasan ≥ 51, Dalam Pengawasan Khusus below); NONE = not assessed yet."""

    SEHAT = "sehat"
    CUKUP_SEHAT = "cukup_sehat"
    DALAM_PENGAWASAN = "dalam_pengawasan"
    DALAM_PENGAWASAN_KHUSUS = "dalam_pengawasan_khusus"
    NONE = "none"


class HealthRankingOrder(graphene.Enum):
    SCORE = "score"
    BAND = "band"
    NPL_RATIO = "npl_ratio"
    NAME = "name"
    PERMODALAN = "permodalan"
    KUALITAS_AKTIVA_PRODUKTIF = "kualitas_aktiva_produktif"
    MANAJEMEN = "manajemen"
    EFISIENSI = "efisiensi"
    LIKUIDITAS = "likuiditas"
    KEMANDIRIAN_PERTUMBUHAN = "kemandirian_pertumbuhan"
    JATIDIRI = "jatidiri"


class AlertSeverity(graphene.Enum):
    CRITICAL = rules.CRITICAL
    WARNING = rules.WARNING
    INFO = rules.INFO


class RankingMetric(graphene.Enum):
    SAVINGS_TOTAL = "savings_total"
    LOANS_OUTSTANDING = "loans_outstanding"
    NPL_RATIO = "npl_ratio"
    MEMBERS_ACTIVE = "members_active"
    TOTAL_ASSETS = "total_assets"
    SURPLUS_YTD = "surplus_ytd"
    WAJIB_ARREARS_AMOUNT = "wajib_arrears_amount"
    FUNDING_QUEUE_LENGTH = "funding_queue_length"
    WASTE_KG_MONTH = "waste_kg_month"


class SupervisedCooperativeOrder(graphene.Enum):
    NAME = "name"
    SAVINGS_TOTAL = "savings_total"
    LOANS_OUTSTANDING = "loans_outstanding"
    NPL_RATIO = "npl_ratio"
    MEMBERS_ACTIVE = "members_active"
    TOTAL_ASSETS = "total_assets"


class SeriesGranularity(graphene.Enum):
    MONTH = "month"
    DAY = "day"


class ConsentLevel(graphene.Enum):
    AGGREGATE = "aggregate"
    MEMBER_LEVEL = "member_level"


class LoanBucket(graphene.Enum):
    LANCAR = "lancar"
    KURANG_LANCAR = "kurang_lancar"
    DIRAGUKAN = "diragukan"
    MACET = "macet"
