"""Writes of the housing programme.

Published rules (``housing_allocate``): an application is eligible when the member is active,
has paid at least the project's minimum months of simpanan wajib, and is in an income band no
higher than the project's maximum. Eligible applications are ranked by months of wajib paid
(more first), then income band (lower first), then the time of application (earlier first),
then the application reference (tie-break, always distinct). Units of each type go down that
ranking until the type's count is used; the rest wait.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.federation.consent.models import Consent, ConsentLevel
from sokoguru.federation.housing.models import HousingApplication, HousingProject, HousingUnitType
from sokoguru.federation.housing.permissions import (
    PRIMARY_APPLY_ROLES,
    PRIMARY_DOWN_PAYMENT_ROLES,
    SEKUNDER_HOUSING_ROLES,
)
from sokoguru.federation.sekunder.models import SekunderMembership
from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.money import to_money
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative

Status = HousingApplication.Status


@transaction.atomic
def housing_project_create(
    *,
    sekunder: Cooperative,
    name: str,
    location: str,
    developer: str,
    unit_types: list[tuple[str, Decimal, int]],
    financing_partner: str = "",
    down_payment_percent: Decimal = Decimal("10"),
    min_wajib_months: int = 6,
    max_income_band: int = 3,
    created_by_id: int | SystemActor,
) -> HousingProject:
    """A sekunder's project with its unit types ((name, price, count), …)."""
    if sekunder.kind != Cooperative.Kind.SECONDARY:
        raise ValidationError({"sekunder": "Hanya koperasi sekunder. / Secondary only."})
    with cooperative_schema(sekunder):
        require_actor(created_by_id, SEKUNDER_HOUSING_ROLES, field="created_by_id")
    if not unit_types:
        raise ValidationError({"unit_types": "Isi minimal satu tipe unit. / Add a unit type."})
    project = HousingProject(
        sekunder=sekunder,
        name=(name or "").strip(),
        location=(location or "").strip(),
        developer=(developer or "").strip(),
        financing_partner=(financing_partner or "").strip(),
        down_payment_percent=Decimal(down_payment_percent),
        min_wajib_months=min_wajib_months,
        max_income_band=max_income_band,
    )
    project.full_clean()
    project.save()
    for type_name, price, count in unit_types:
        unit = HousingUnitType(
            project=project, name=type_name, price=to_money(price), unit_count=count
        )
        unit.full_clean()
        unit.save()
    return project


def _has_member_level_consent(*, primary: Cooperative, sekunder_id: int) -> bool:
    return Consent.objects.filter(
        cooperative=primary, sekunder_id=sekunder_id, level=ConsentLevel.MEMBER_LEVEL
    ).exists()


@transaction.atomic
def housing_application_submit(
    *,
    project_id: int,
    primary: Cooperative,
    member_id: int,
    unit_type_id: int,
    income_band: int,
    created_by_id: int | SystemActor,
) -> HousingApplication:
    """A primary's officer enters a member's application. The eligibility facts are read in
    the primary's schema; the member's name and NIK are copied only if the primary shares
    member-level data with the sekunder."""
    project = HousingProject.objects.select_for_update().filter(pk=project_id).first()
    if project is None:
        raise NotFound("Proyek tidak ditemukan. / Project not found.", field="project_id")
    if not SekunderMembership.objects.filter(
        sekunder_id=project.sekunder_id, member=primary, status=SekunderMembership.Status.ACTIVE
    ).exists():
        raise ValidationError(
            {"primary": "Koperasi ini bukan anggota koperasi sekunder. / Not a member."}
        )
    unit = project.unit_types.filter(pk=unit_type_id).first()
    if unit is None:
        raise ValidationError({"unit_type_id": "Tipe unit tidak dikenal. / Unknown unit type."})
    if not 1 <= int(income_band) <= 5:
        raise ValidationError({"income_band": "Golongan penghasilan 1–5. / Band 1-5."})
    from sokoguru.tenants.intercoop.selectors import member_housing_facts

    with cooperative_schema(primary):
        actor = require_actor(created_by_id, PRIMARY_APPLY_ROLES, field="created_by_id")
        facts = member_housing_facts(member_id=member_id)
    if HousingApplication.objects.filter(
        project=project, cooperative=primary, primary_member_id=member_id
    ).exists():
        raise ValidationError({"member_id": "Anggota ini sudah mendaftar. / Already applied."})
    reasons = []
    if not facts["active"]:
        reasons.append("anggota tidak aktif")
    if facts["wajib_months_paid"] < project.min_wajib_months:
        reasons.append(f"simpanan wajib kurang dari {project.min_wajib_months} bulan")
    if int(income_band) > project.max_income_band:
        reasons.append(f"golongan penghasilan di atas {project.max_income_band}")
    shared = _has_member_level_consent(primary=primary, sekunder_id=project.sekunder_id)
    sequence = project.applications.count() + 1
    application = HousingApplication(
        project=project,
        cooperative=primary,
        reference=f"PRM-{project.pk}-{sequence:04d}",
        primary_member_id=member_id,
        unit_type=unit,
        member_active=facts["active"],
        wajib_months_paid=facts["wajib_months_paid"],
        income_band=int(income_band),
        eligible=not reasons,
        ineligible_reason="; ".join(reasons),
        status=Status.SUBMITTED if not reasons else Status.INELIGIBLE,
        applicant_name=facts["full_name"] if shared else "",
        applicant_nik=facts["nik"] if shared else "",
        down_payment_due=(unit.price * project.down_payment_percent / 100).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        ),
        submitted_by_id=actor,
    )
    application.full_clean()
    application.save()
    return application


def ranking_key(application: HousingApplication) -> tuple:
    """The published ranking (module docstring)."""
    return (
        -application.wajib_months_paid,
        application.income_band,
        application.submitted_at,
        application.reference,
    )


@transaction.atomic
def housing_allocate(*, project_id: int, created_by_id: int | SystemActor) -> list:
    """Rank the eligible applications and allocate the units (deterministic; re-running gives
    the same result while no application changed)."""
    project = HousingProject.objects.select_for_update().get(pk=project_id)
    with cooperative_schema(project.sekunder):
        require_actor(created_by_id, SEKUNDER_HOUSING_ROLES, field="created_by_id")
    candidates = list(
        project.applications.filter(
            eligible=True, status__in=[Status.SUBMITTED, Status.WAITLISTED, Status.ALLOCATED]
        )
    )
    candidates.sort(key=ranking_key)
    left = {u.pk: u.unit_count for u in project.unit_types.all()}
    for rank, application in enumerate(candidates, start=1):
        application.rank = rank
        if left.get(application.unit_type_id, 0) > 0:
            left[application.unit_type_id] -= 1
            application.status = Status.ALLOCATED
        else:
            application.status = Status.WAITLISTED
        application.save(update_fields=["rank", "status"])
    return candidates


@transaction.atomic
def housing_down_payment_collect(
    *,
    application_id: int,
    primary: Cooperative,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    created_by_id: int | SystemActor,
):
    """The primary's counter takes a down payment: it goes onto the member's simpanan sukarela
    in the primary's books, earmarked for the housing application (the money stays with the
    primary until the unit is financed) and the application's paid amount rises."""
    from sokoguru.tenants.savings.services import sukarela_deposit

    application = (
        HousingApplication.objects.select_for_update()
        .filter(pk=application_id, cooperative=primary)
        .first()
    )
    if application is None:
        raise NotFound("Pendaftaran tidak ditemukan. / Not found.", field="application_id")
    if application.status != Status.ALLOCATED:
        raise ValidationError({"application_id": "Uang muka hanya untuk yang mendapat unit."})
    amount = to_money(amount)
    if amount <= 0 or application.down_payment_paid + amount > application.down_payment_due:
        raise ValidationError({"amount": "Melebihi sisa uang muka. / More than is due."})
    with cooperative_schema(primary):
        require_actor(created_by_id, PRIMARY_DOWN_PAYMENT_ROLES, field="created_by_id")
        movement = sukarela_deposit(
            member_id=application.primary_member_id,
            amount=amount,
            date=date,
            idempotency_key=f"housing:{application.reference}:{idempotency_key}",
            description=f"Uang muka perumahan {application.reference}",
            created_by_id=created_by_id,
        )
    application.down_payment_paid += amount
    application.save(update_fields=["down_payment_paid"])
    return movement


@transaction.atomic
def housing_application_advance(
    *,
    application_id: int,
    to_status: str,
    financing: str = "",
    financing_note: str = "",
    created_by_id: int | SystemActor,
) -> HousingApplication:
    """The sekunder records financing (bank partner or the sekunder; recorded, not a bank
    integration) once the down payment is complete, then the hand-over."""
    application = (
        HousingApplication.objects.select_for_update()
        .select_related("project")
        .get(pk=application_id)
    )
    with cooperative_schema(application.project.sekunder):
        require_actor(created_by_id, SEKUNDER_HOUSING_ROLES, field="created_by_id")
    if to_status == Status.FINANCED:
        if application.status != Status.ALLOCATED:
            raise ValidationError({"to_status": "Hanya unit yang sudah dialokasikan."})
        if application.down_payment_paid < application.down_payment_due:
            raise ValidationError({"to_status": "Uang muka belum lunas. / Down payment not paid."})
        if financing not in (
            HousingApplication.Financing.BANK,
            HousingApplication.Financing.SEKUNDER,
        ):
            raise ValidationError({"financing": "Pilih bank mitra atau koperasi sekunder."})
        application.financing = financing
        application.financing_note = (financing_note or "").strip()[:255]
    elif to_status == Status.HANDED_OVER:
        if application.status != Status.FINANCED:
            raise ValidationError({"to_status": "Serah terima setelah pembiayaan disetujui."})
    else:
        raise ValidationError({"to_status": "Status tujuan tidak dikenal."})
    application.status = to_status
    application.save(update_fields=["status", "financing", "financing_note"])
    return application
