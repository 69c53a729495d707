import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from sokoguru.federation.consent.models import Consent, ConsentLog
from sokoguru.federation.consent.services import consent_set
from sokoguru.platform.core.errors import PermissionDenied


def test_ketua_opts_in_and_revokes_and_every_change_is_logged(make_user, coop_a, kelurahan_hj):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    # when
    consent_set(
        cooperative=coop_a,
        level="member_level",
        user=ketua,
        body=kelurahan_hj,
        reason="Pendataan bantuan",
    )
    consent_set(cooperative=coop_a, level="member_level", user=ketua, body=kelurahan_hj)
    consent_set(cooperative=coop_a, level="aggregate", user=ketua, body=kelurahan_hj)
    # then
    assert Consent.objects.get(cooperative=coop_a, body=kelurahan_hj).level == "aggregate"
    assert list(
        ConsentLog.objects.filter(cooperative=coop_a)
        .order_by("id")
        .values_list("level_before", "level_after", "reason", "changed_by_id")
    ) == [
        ("aggregate", "member_level", "Pendataan bantuan", ketua.pk),
        ("member_level", "aggregate", "", ketua.pk),
    ]


def test_only_the_ketua_may_change_consent(make_user, coop_a, kelurahan_hj):
    # given
    bendahara = make_user(roles={coop_a: "bendahara"})
    # when / then
    with pytest.raises(PermissionDenied) as exc:
        consent_set(cooperative=coop_a, level="member_level", user=bendahara, body=kelurahan_hj)
    assert exc.value.field == "cooperative"
    assert Consent.objects.count() == 0
    assert ConsentLog.objects.count() == 0


def test_consent_only_to_a_body_overseeing_the_cooperative(make_user, coop_a, dinas_sumut):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    # when / then
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        consent_set(cooperative=coop_a, level="member_level", user=ketua, body=dinas_sumut)
    assert "body" in exc.value.message_dict
    assert ConsentLog.objects.count() == 0


@pytest.mark.parametrize("statement", ["UPDATE", "DELETE"])
def test_the_consent_log_is_append_only(make_user, coop_a, kelurahan_hj, statement):
    # given
    ketua = make_user(roles={coop_a: "ketua"})
    consent_set(cooperative=coop_a, level="member_level", user=ketua, body=kelurahan_hj)
    sql = {
        "UPDATE": "UPDATE consent_consentlog SET level_after = 'aggregate'",
        "DELETE": "DELETE FROM consent_consentlog",
    }[statement]
    # when / then
    with pytest.raises((InternalError, ProgrammingError, IntegrityError)) as exc:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert "append-only" in str(exc.value)
    assert ConsentLog.objects.get().level_after == "member_level"
