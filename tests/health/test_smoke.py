from datetime import date

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.health.services import health_compute


def test_empty_cooperative_computes(in_coop_a):
    a = health_compute(month=date(2026, 3, 1), actor=SYSTEM)
    assert a.month == date(2026, 3, 31)
    print(a.total_score, a.band, a.aspect_scores)
