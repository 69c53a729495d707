from django.utils import timezone

from sokoguru.federation.consent.models import Consent
from sokoguru.federation.scope.selectors import scope_get
from sokoguru.federation.sekunder.models import SekunderMembership
from sokoguru.federation.snapshots import demo
from sokoguru.federation.snapshots.models import CooperativeSnapshot
from sokoguru.platform.core.demo import DemoContext
from sokoguru.platform.tenancy.services import cooperative_provision


def test_demo_step_records_membership_consent_and_snapshots(make_user, coop_a, coop_b, monkeypatch):
    # given: a sekunder whose member is coop_b, and coop_b's ketua
    sekunder = cooperative_provision(
        name="Koperasi Sekunder Demo",
        slug="kopsek-opd-sumut",
        kind="secondary",
        domicile_code="12.71.14.1001",
    )
    ketua = make_user(email="ketua.coop-b@sokoguru.id", roles={coop_b: "ketua"})
    officer = make_user(roles={sekunder: "ketua"})
    monkeypatch.setattr(demo, "SEKUNDER_MEMBERS", ["coop-b"])
    monkeypatch.setattr(demo, "MEMBER_LEVEL_CONSENTS", [("coop-b", "sekunder")])
    ctx = DemoContext(today=timezone.localdate(), log=lambda *_: None)
    # when: twice (idempotent)
    demo.seed(ctx=ctx)
    demo.seed(ctx=ctx)
    # then
    assert list(SekunderMembership.objects.values_list("sekunder__slug", "member__slug")) == [
        ("kopsek-opd-sumut", "coop-b")
    ]
    assert Consent.objects.get(cooperative=coop_b).level == "member_level"
    assert Consent.objects.get(cooperative=coop_b).updated_by == ketua
    for coop in (coop_a, coop_b, sekunder):
        rows = CooperativeSnapshot.objects.filter(cooperative=coop)
        assert rows.filter(is_month_end=True).count() >= 12
        assert rows.filter(is_latest=True, date=timezone.localdate()).count() == 1
    scope = scope_get(user=officer, key="sekunder:kopsek-opd-sumut")
    assert list(scope.cooperatives()) == [coop_b]
