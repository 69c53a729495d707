"""The sekunder's housing programme: applications from a member cooperative's members, consent
deciding what member data crosses, published ranking and allocation, down payment through the
primary, financing and hand-over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sokoguru.federation.consent.services import consent_set
from sokoguru.federation.housing import selectors, services
from sokoguru.federation.housing.models import HousingApplication
from sokoguru.federation.sekunder.services import sekunder_member_add
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.platform.tenancy.context import cooperative_schema
from tests.intercoop.conftest import JOINED


def _member(register_member, name, wajib_months):
    from sokoguru.tenants.bylaws.selectors import bylaws_current
    from sokoguru.tenants.savings.services import wajib_pay

    member = register_member(full_name=name, joined_on=JOINED, pokok_on=JOINED)
    if wajib_months:
        wajib_pay(
            member_id=member.pk,
            amount=bylaws_current().wajib_monthly_amount * wajib_months,
            date=date(2026, 2, 1),
            idempotency_key=f"wajib-{member.pk}",
            created_by_id=SYSTEM,
        )
    return member


@pytest.fixture
def programme(pair, make_user, register_member):
    sekunder, primary = pair
    sekunder_member_add(sekunder=sekunder, member=primary, joined_on=JOINED)
    with cooperative_schema(primary):
        members = [
            _member(register_member, "Rina Marpaung", 8),
            _member(register_member, "Budi Sitorus", 8),
            _member(register_member, "Tono Lubis", 2),
        ]
    project = services.housing_project_create(
        sekunder=sekunder,
        name="Griya ASN Deli",
        location="Deli Serdang",
        developer="PT Griya Mitra",
        financing_partner="Bank Sumut",
        unit_types=[("Tipe 36", Decimal("180000000"), 1)],
        min_wajib_months=6,
        created_by_id=make_user(roles={sekunder: "ketua"}).pk,
    )
    return sekunder, primary, members, project


def test_without_consent_the_sekunder_sees_no_member_data(programme, make_user):
    sekunder, primary, members, project = programme
    officer = make_user(roles={primary: "sekretaris"})
    for member, band in zip(members, (2, 1, 1), strict=True):
        services.housing_application_submit(
            project_id=project.pk,
            primary=primary,
            member_id=member.pk,
            unit_type_id=project.unit_types.get().pk,
            income_band=band,
            created_by_id=officer.pk,
        )
    rows = selectors.housing_application_list_for_sekunder(project_id=project.pk)
    # then: references and eligibility facts only — no name, no NIK, no member id
    assert all(r["applicant_name"] == "" and r["applicant_nik"] == "" for r in rows)
    assert all("primary_member_id" not in r for r in rows)
    names = {m.full_name for m in members} | {m.nik for m in members}
    assert not any(str(v) in names for r in rows for v in r.values())
    # the published ranking: Budi (8 months, band 1) before Rina (8 months, band 2); Tono
    # (2 months of wajib) is not eligible; one unit → Budi gets it, Rina waits
    services.housing_allocate(
        project_id=project.pk, created_by_id=make_user(roles={sekunder: "bendahara"}).pk
    )
    rows = selectors.housing_application_list_for_sekunder(project_id=project.pk)
    assert [(r["reference"], r["rank"], r["status"]) for r in rows] == [
        (f"PRM-{project.pk}-0002", 1, "allocated"),
        (f"PRM-{project.pk}-0001", 2, "waitlisted"),
        (f"PRM-{project.pk}-0003", None, "ineligible"),
    ]
    [progress] = selectors.housing_progress_by_cooperative(project_id=project.pk)
    assert (progress["applications"], progress["eligible"], progress["allocated"]) == (3, 2, 1)


def test_with_consent_the_name_crosses_and_the_unit_is_handed_over(programme, make_user):
    sekunder, primary, members, project = programme
    ketua = make_user(roles={primary: "ketua"})
    consent_set(cooperative=primary, level="member_level", user=ketua, sekunder=sekunder)
    application = services.housing_application_submit(
        project_id=project.pk,
        primary=primary,
        member_id=members[0].pk,
        unit_type_id=project.unit_types.get().pk,
        income_band=2,
        created_by_id=ketua.pk,
    )
    assert (application.applicant_name, application.applicant_nik) == (
        "Rina Marpaung",
        members[0].nik,
    )
    sekunder_ketua = make_user(roles={sekunder: "ketua"})
    services.housing_allocate(project_id=project.pk, created_by_id=sekunder_ketua.pk)
    application.refresh_from_db()
    assert (application.status, application.down_payment_due) == (
        "allocated",
        Decimal("18000000.00"),
    )
    # down payment through the primary: on the member's savings in the primary's books
    kasir = make_user(roles={primary: "kasir"})
    services.housing_down_payment_collect(
        application_id=application.pk,
        primary=primary,
        amount=Decimal("18000000"),
        date=date(2026, 3, 1),
        idempotency_key="dp-1",
        created_by_id=kasir.pk,
    )
    from sokoguru.tenants.ledger import chart
    from sokoguru.tenants.ledger.selectors import account_balance

    with cooperative_schema(primary):
        assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=members[0].pk) == Decimal(
            "18000000.00"
        )
    # a primary officer cannot record the financing (the sekunder's task): nothing changes
    with pytest.raises(PermissionDenied):
        services.housing_application_advance(
            application_id=application.pk,
            to_status="financed",
            financing="bank",
            created_by_id=ketua.pk,
        )
    assert HousingApplication.objects.get(pk=application.pk).status == "allocated"
    for status in ("financed", "handed_over"):
        services.housing_application_advance(
            application_id=application.pk,
            to_status=status,
            financing="bank",
            financing_note="KPR Bank Sumut",
            created_by_id=sekunder_ketua.pk,
        )
    application.refresh_from_db()
    assert (application.status, application.financing) == ("handed_over", "bank")
    aggregate = selectors.housing_programme_aggregate(sekunder_ids=[sekunder.pk])
    assert aggregate == {
        "projects": 1,
        "units": 1,
        "applications": 1,
        "by_status": {"handed_over": 1},
        "down_payment_paid": Decimal("18000000.00"),
    }


def test_the_dinas_sees_the_programme_in_aggregate(programme, make_user, graphql_client):
    from sokoguru.federation.oversight.models import BodyRole, OversightBody
    from sokoguru.federation.oversight.services import body_role_grant, oversight_body_create
    from sokoguru.platform.tenancy.models import Cooperative
    from tests.fixtures.graphql import to_global_id

    sekunder, primary, members, project = programme
    Cooperative.objects.filter(pk=sekunder.pk).update(domicile_id="12.71.14.1001")
    services.housing_application_submit(
        project_id=project.pk,
        primary=primary,
        member_id=members[0].pk,
        unit_type_id=project.unit_types.get().pk,
        income_band=1,
        created_by_id=make_user(roles={primary: "ketua"}).pk,
    )
    dinas = oversight_body_create(
        name="Dinas Koperasi Sumut",
        slug="dinas-sumut-uji",
        kind=OversightBody.Kind.DINAS_PROVINSI,
        region_code="12",
    )
    official = make_user(email="dinas@uji.id")
    body_role_grant(user=official, body=dinas, role=BodyRole.Role.OFFICIAL)
    body = graphql_client(official).post(
        """query($body: ID!) { federationHousingProgramme(body: $body) { projects units
             applications byStatus { status count } downPaymentPaid } }""",
        {"body": to_global_id("FederationBody", "body:dinas-sumut-uji")},
    )
    assert body["data"]["federationHousingProgramme"] == {
        "projects": 1,
        "units": 1,
        "applications": 1,
        "byStatus": [{"status": "submitted", "count": 1}],
        "downPaymentPaid": "0.00",
    }
    assert "Rina" not in str(body) and members[0].nik not in str(body)
