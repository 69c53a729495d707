"""The worked example, to the rupiah: the by-laws defaults (cadangan 25 %, jasa modal 20 %,
jasa usaha 25 %, pengurus 10 %, karyawan 5 %, pendidikan 5 %, sosial 5 %, pembangunan 5 %;
non-member surplus 100 % to cadangan; jasa modal on year-end pokok + wajib, members who left
counted up to their exit; jasa usaha on the jasa paid on loans).

2025: income Rp 2.200.000 (jasa 40.000, waste bank margin 1.960.000, sales to non-members
200.000), costs 1.100.000 → SHU 1.100.000; non-member part 1.100.000 × 200.000 / 2.200.000 =
100.000; members' part 1.000.000."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.shu.selectors import shu_compute, shu_simulate
from tests.shu.conftest import close_year

D = Decimal


def _pools(result) -> dict[str, Decimal]:
    return {p.key: p.amount for p in result.pools}


def _shares(result) -> dict[str, tuple[Decimal, Decimal]]:
    return {s.name: (s.jasa_modal, s.jasa_usaha) for s in result.shares}


def test_worked_example_pools_and_shares_to_the_rupiah(year_2025):
    # given the year closed
    close_year(year_2025.officers)

    # when
    result = shu_compute(fiscal_year=2025)

    # then
    assert result.final
    assert (result.income, result.non_member_income, result.shu) == (
        D("2200000.00"),
        D("200000.00"),
        D("1100000.00"),
    )
    assert (result.member_part, result.non_member_part) == (D("1000000.00"), D("100000.00"))
    assert _pools(result) == {
        "cadangan": D("350000.00"),  # 250.000 + the non-members' 100.000
        "jasa_modal": D("200000.00"),
        "jasa_usaha": D("250000.00"),
        "pengurus": D("100000.00"),
        "karyawan": D("50000.00"),
        "pendidikan": D("50000.00"),
        "sosial": D("50000.00"),
        "pembangunan_daerah": D("50000.00"),
        "lain": D("0.00"),
    }
    assert sum(_pools(result).values()) == result.shu
    # simpanan (pokok + wajib): Siti 340.000, Budi 200.000, Citra (joined July) 220.000,
    # Dedi (left 30 September) 160.000 up to his exit; Σ 920.000.
    # JMA 200.000 × s / 920.000 = 73.913,04 · 43.478,26 · 47.826,09 · 34.782,61 → floors sum
    # 199.999, the one rupiah left goes to the largest remainder (Dedi, ,61).
    # JUA 250.000 × jasa / 40.000: Siti 30.000 → 187.500, Budi 10.000 → 62.500.
    assert {s.name: s.simpanan for s in result.shares} == {
        "Siti Aminah": D("340000.00"),
        "Budi Santoso": D("200000.00"),
        "Citra Lestari": D("220000.00"),
        "Dedi Kurniawan": D("160000.00"),
    }
    assert _shares(result) == {
        "Siti Aminah": (D("73913.00"), D("187500.00")),
        "Budi Santoso": (D("43478.00"), D("62500.00")),
        "Citra Lestari": (D("47826.00"), D("0.00")),
        "Dedi Kurniawan": (D("34783.00"), D("0.00")),
    }
    assert sum(s.gross for s in result.shares) == D("450000.00")


def test_members_who_left_excluded_by_the_bylaws(year_2025):
    # given the by-laws exclude members who left during the year
    BylawsVersion.objects.update(shu_exited_rule=BylawsVersion.ExitedRule.EXCLUDED)
    close_year(year_2025.officers)

    # when
    result = shu_compute(fiscal_year=2025)

    # then JMA 200.000 over 760.000: 89.473,68 · 52.631,58 · 57.894,74 → +1 to Citra and Siti
    assert _shares(result) == {
        "Siti Aminah": (D("89474.00"), D("187500.00")),
        "Budi Santoso": (D("52631.00"), D("62500.00")),
        "Citra Lestari": (D("57895.00"), D("0.00")),
    }


def test_average_of_month_end_balances_for_a_member_who_joined_mid_year(year_2025):
    # given jasa modal on the average of the 12 month-end balances
    BylawsVersion.objects.update(shu_jma_basis=BylawsVersion.JmaBasis.MONTHLY_AVERAGE)
    close_year(year_2025.officers)

    # when
    result = shu_compute(fiscal_year=2025)

    # then Citra counts 6 month-ends of 220.000 → 110.000; Dedi 8 month-ends (January–August)
    # of 160.000 → 106.666,67; Σ 340.000 + 200.000 + 110.000 + 106.666,67 = 756.666,67
    assert {s.name: s.simpanan for s in result.shares} == {
        "Siti Aminah": D("340000.00"),
        "Budi Santoso": D("200000.00"),
        "Citra Lestari": D("110000.00"),
        "Dedi Kurniawan": D("106666.67"),
    }
    # 200.000 × s / 756.666,67 = 89.867,84 · 52.863,44 · 29.074,89 · 28.193,83 → floors
    # 199.997; +1 to the three largest remainders (,89 · ,84 · ,83): Citra, Siti, Dedi
    assert {s.name: s.jasa_modal for s in result.shares} == {
        "Siti Aminah": D("89868.00"),
        "Budi Santoso": D("52863.00"),
        "Citra Lestari": D("29075.00"),
        "Dedi Kurniawan": D("28194.00"),
    }
    assert sum(s.jasa_modal for s in result.shares) == D("200000.00")


def test_simulation_before_the_year_is_closed(year_2025, shu_officers):
    # when the year is still open
    result = shu_simulate(
        fiscal_year=2025, user_id=shu_officers["pengawas"].pk, as_of=date(2025, 12, 31)
    )

    # then the same figures, marked as a draft
    assert not result.final
    assert result.shu == D("1100000.00")
    assert result.pool("jasa_usaha").amount == D("250000.00")
