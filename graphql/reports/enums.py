from __future__ import annotations

import graphene


class OversightReportKind(graphene.Enum):
    KELURAHAN = "kelurahan"
    REGIONAL = "regional"
    ODS = "ods"


class OversightReportFormat(graphene.Enum):
    PDF = "pdf"
    XLSX = "xlsx"


class OversightReportStatus(graphene.Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
