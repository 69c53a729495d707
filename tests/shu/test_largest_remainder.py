"""Largest remainder: parts add up exactly; ties go to the earlier part (lower member number)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sokoguru.platform.core.money import largest_remainder
from sokoguru.tenants.shu.computation import MemberBasis, allocate_pools, share_out

D = Decimal


def _members(*simpanan):
    return [
        MemberBasis(i + 1, f"A-{i + 1:04d}", f"Anggota {i + 1}", D(s), D("0"))
        for i, s in enumerate(simpanan)
    ]


def test_ties_go_to_the_lower_member_number():
    # given three members with equal simpanan and a pool of Rp 100
    members = _members("100000", "100000", "100000")

    # when
    lines = share_out(jma_pool=D("100"), jua_pool=D("0"), members=members)

    # then 34 · 33 · 33, the extra rupiah to A-0001
    assert [line.jasa_modal for line in lines] == [D("34.00"), D("33.00"), D("33.00")]


def test_ties_deterministic_whatever_the_input_order():
    assert largest_remainder(D("2"), [1, 1, 1]) == [D("1.00"), D("1.00"), D("0.00")]
    assert largest_remainder(D("1"), [0, 3, 3]) == [D("0.00"), D("1.00"), D("0.00")]


def test_cents_stay_with_the_chosen_part():
    assert largest_remainder(D("100.50"), [1, 1], remainder_to=1) == [D("50.00"), D("50.50")]


money = st.integers(min_value=0, max_value=10**11).map(lambda c: D(c) / 100)
weights = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40).filter(
    lambda w: sum(w) > 0
)
percent_sets = st.lists(st.integers(min_value=0, max_value=10_000), min_size=9, max_size=9).filter(
    lambda p: sum(p) > 0
)


@settings(max_examples=200, deadline=None)
@given(total=money, parts=weights)
def test_parts_add_up_to_the_whole(total, parts):
    result = largest_remainder(total, parts)
    assert sum(result) == total
    assert all(r >= 0 for r in result)
    # whole rupiah except the cents that go to the first part
    assert all(r == r.to_integral_value() for r in result[1:])


@settings(max_examples=150, deadline=None)
@given(
    member_part=st.integers(min_value=0, max_value=10**10),
    non_member_part=st.integers(min_value=0, max_value=10**9),
    cents=st.integers(min_value=0, max_value=99),
    percents=percent_sets,
    simpanan=weights,
    participation=st.lists(st.integers(min_value=0, max_value=10**8), min_size=40, max_size=40),
)
def test_shares_sum_to_pools_and_pools_to_the_shu(
    member_part, non_member_part, cents, percents, simpanan, participation
):
    # given percentages scaled to total 100 exactly (largest remainder on hundredths)
    scaled = largest_remainder(D("10000"), percents)
    keys = [
        "cadangan",
        "jasa_modal",
        "jasa_usaha",
        "pengurus",
        "karyawan",
        "pendidikan",
        "sosial",
        "pembangunan_daerah",
        "lain",
    ]
    member_pct = {k: s / 100 for k, s in zip(keys, scaled, strict=True)}
    non_member_pct = {"cadangan": D("60"), "pendidikan": D("40")}
    member_amount = D(member_part) + D(cents) / 100
    members = [
        MemberBasis(i, f"A-{i:05d}", "x", D(s), D(participation[i])) for i, s in enumerate(simpanan)
    ]

    # when
    pools = allocate_pools(
        member_part=member_amount,
        non_member_part=D(non_member_part),
        member_percents=member_pct,
        non_member_percents=non_member_pct,
    )
    by_key = {p.key: p.amount for p in pools}
    jua_pool = by_key["jasa_usaha"] if any(participation[: len(members)]) else D(0)
    lines = share_out(jma_pool=by_key["jasa_modal"], jua_pool=jua_pool, members=members)

    # then
    assert sum(by_key.values()) == member_amount + non_member_part
    assert sum(line.jasa_modal for line in lines) == by_key["jasa_modal"]
    assert sum(line.jasa_usaha for line in lines) == jua_pool
    assert all(line.gross == line.gross.to_integral_value() for line in lines)
