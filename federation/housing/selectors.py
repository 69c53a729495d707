"""Reads of the housing programme. What the sekunder sees of an application is its reference,
cooperative, unit type, eligibility facts, rank and status; the name and NIK are on the row only
when the primary shared member-level data. The dinas sees counts and sums."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sokoguru.federation.housing.models import HousingApplication, HousingProject

Status = HousingApplication.Status
SEKUNDER_FIELDS = (
    "reference",
    "cooperative__name",
    "unit_type__name",
    "member_active",
    "wajib_months_paid",
    "income_band",
    "eligible",
    "rank",
    "status",
    "applicant_name",
    "applicant_nik",
    "down_payment_due",
    "down_payment_paid",
    "financing",
)


def housing_project_list(*, sekunder_ids) -> QuerySet[HousingProject]:
    return (
        HousingProject.objects.filter(sekunder_id__in=sekunder_ids)
        .prefetch_related("unit_types")
        .order_by("name")
    )


def housing_application_list_for_sekunder(*, project_id: int) -> list[dict]:
    """The sekunder's list: never the primary's member id."""
    return list(
        HousingApplication.objects.filter(project_id=project_id)
        .order_by("rank", "reference")
        .values(*SEKUNDER_FIELDS)
    )


def housing_progress_by_cooperative(*, project_id: int) -> list[dict]:
    """Programme progress per member cooperative (one query)."""
    return list(
        HousingApplication.objects.filter(project_id=project_id)
        .values("cooperative_id", "cooperative__name")
        .annotate(
            applications=Count("id"),
            eligible=Count("id", filter=Q(eligible=True)),
            allocated=Count(
                "id",
                filter=Q(status__in=[Status.ALLOCATED, Status.FINANCED, Status.HANDED_OVER]),
            ),
            handed_over=Count("id", filter=Q(status=Status.HANDED_OVER)),
            down_payment_paid=Sum("down_payment_paid"),
        )
        .order_by("cooperative__name")
    )


def housing_programme_aggregate(*, sekunder_ids) -> dict:
    """What a dinas sees: projects, units and application counts by status (no member data)."""
    projects = HousingProject.objects.filter(sekunder_id__in=sekunder_ids)
    units = projects.aggregate(n=Sum("unit_types__unit_count"))["n"] or 0
    by_status = dict(
        HousingApplication.objects.filter(project__in=projects)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    paid = HousingApplication.objects.filter(project__in=projects).aggregate(
        s=Sum("down_payment_paid")
    )["s"] or Decimal("0.00")
    return {
        "projects": projects.count(),
        "units": units,
        "applications": sum(by_status.values()),
        "by_status": by_status,
        "down_payment_paid": paid,
    }


def housing_sekunder_ids(*, scope) -> list[int]:
    """The sekunders whose programme a scope sees: a sekunder its own; a kelurahan or dinas
    the sekunders domiciled in its region (in aggregate only)."""
    from sokoguru.platform.tenancy.models import Cooperative

    if scope.is_sekunder:
        return [scope.pk]
    return list(
        scope.cooperatives().filter(kind=Cooperative.Kind.SECONDARY).values_list("pk", flat=True)
    )
