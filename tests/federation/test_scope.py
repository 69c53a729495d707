from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sokoguru.federation.oversight.models import OversightBody
from sokoguru.federation.oversight.services import oversight_body_create
from sokoguru.federation.scope.selectors import scope_get, scope_list_for_user
from sokoguru.federation.sekunder.models import SekunderMembership
from sokoguru.federation.sekunder.services import sekunder_member_add, sekunder_member_set_status
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.tenancy.models import Cooperative


def make_sekunder(slug="kopsek-uji") -> Cooperative:
    # Registry row only (no schema needed for scope tests).
    return Cooperative.objects.bulk_create(
        [
            Cooperative(
                name="Koperasi Sekunder Uji",
                slug=slug,
                kind=Cooperative.Kind.SECONDARY,
                domicile_id="12.71.14.1001",
                schema_name="k_" + slug.replace("-", "_"),
            )
        ]
    )[0]


def test_body_region_must_match_its_kind(db):
    # when / then
    with pytest.raises(ValidationError) as exc:
        oversight_body_create(
            name="Kelurahan Salah",
            slug="kel-salah",
            kind=OversightBody.Kind.KELURAHAN,
            region_code="32.75",
        )
    assert "region" in exc.value.message_dict
    assert not OversightBody.objects.filter(slug="kel-salah").exists()


def test_official_scope_covers_cooperatives_of_the_region_only(lurah, coop_a, coop_b):
    # when
    scopes = scope_list_for_user(user=lurah)
    # then
    assert [s.key for s in scopes] == ["body:kel-harapan-jaya"]
    assert list(scopes[0].cooperatives()) == [coop_a]
    assert scopes[0].covers(coop_a.pk) is True
    assert scopes[0].covers(coop_b.pk) is False


def test_sekunder_officer_scope_is_its_active_members(make_user, coop_a, coop_b):
    # given
    sekunder = make_sekunder()
    officer = make_user(roles={sekunder: "bendahara"})
    sekunder_member_add(sekunder=sekunder, member=coop_b, joined_on=date(2026, 1, 5))
    sekunder_member_add(sekunder=sekunder, member=coop_a, joined_on=date(2026, 2, 1))
    sekunder_member_set_status(
        sekunder=sekunder,
        member=coop_a,
        status=SekunderMembership.Status.EXITED,
        on=date(2026, 6, 30),
    )
    # when
    scope = scope_get(user=officer, key="sekunder:kopsek-uji")
    # then
    assert scope.role == "bendahara"
    assert list(scope.cooperatives()) == [coop_b]


def test_sekunder_members_must_be_primary_cooperatives(make_user, coop_a):
    # given
    sekunder = make_sekunder()
    # when / then
    with pytest.raises(ValidationError) as exc:
        sekunder_member_add(sekunder=coop_a, member=sekunder, joined_on=date(2026, 1, 1))
    assert "sekunder" in exc.value.message_dict
    assert SekunderMembership.objects.count() == 0


def test_scope_of_a_body_the_user_has_no_role_on_is_not_found(lurah, dinas_sumut):
    # when / then
    with pytest.raises(NotFound):
        scope_get(user=lurah, key="body:dinas-sumut")
