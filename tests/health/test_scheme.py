"""The scheme as data: band boundaries, the table rows (the rule-vs-table choice) and the
PEARLS goals — pure, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sokoguru.tenants.health import pearls
from sokoguru.tenants.health.schemes import SCHEMES, scheme_get

D = Decimal
SCHEME = scheme_get("kemenkop-06-2016")


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("100.00", "sehat"),
        ("80.00", "sehat"),
        ("79.99", "cukup_sehat"),
        ("66.00", "cukup_sehat"),
        ("65.99", "dalam_pengawasan"),
        ("51.00", "dalam_pengawasan"),
        ("50.99", "dalam_pengawasan_khusus"),
        ("0.00", "dalam_pengawasan_khusus"),
    ],
)
def test_band_boundaries(score, band):
    assert SCHEME.band_for(D(score)) == band


def test_weights_add_up_to_100():
    assert sum(a.weight for a in SCHEME.aspects) == D("100")
    for aspect in SCHEME.aspects:
        parts = aspect.ratios or aspect.components
        assert sum(p.weight for p in parts) == aspect.weight, aspect.code


def _ratio(code):
    return next(r for a in SCHEME.aspects for r in a.ratios if r.code == code)


def test_rule_vs_table_steps():
    # The table (steps of 10), not the rule text's "+1 per 1%": 99% scores 90.
    table = _ratio("modal_sendiri_pinjaman_berisiko").table
    assert table.match(D("99.00")).value == D("90")
    assert table.match(D("100.00")).value == D("100")
    assert table.match(D("9.99")).value == D("0")
    assert table.match(D("10.00")).value == D("10")
    assert table.label(table.match(D("55"))) == "50% ≤ x < 60%"


def test_upper_closed_rows():
    table = _ratio("modal_sendiri_aset").table
    assert table.match(D("20.00")).value == D("25")
    assert table.match(D("20.01")).value == D("50")
    assert table.match(D("60.00")).value == D("100")
    assert table.match(D("60.01")).value == D("50")
    assert table.match(D("80.01")).value == D("25")


def test_questionnaire_has_38_questions_in_five_components():
    aspect = SCHEME.aspect("manajemen")
    assert [len(c.questions) for c in aspect.components] == [12, 6, 5, 10, 5]
    assert len(SCHEME.questions()) == 38


def test_registry_names_the_scheme():
    assert set(SCHEMES) == {"kemenkop-06-2016"}


@pytest.mark.parametrize(
    ("code", "value", "met"),
    [
        ("P1", "100.00", True),
        ("P1", "99.99", False),
        ("E1", "70.00", True),
        ("E1", "80.00", True),
        ("E1", "80.01", False),
        ("E1", "69.99", False),
        ("A1", "5.00", True),
        ("A1", "5.01", False),
        ("L1", "15.00", True),
        ("L1", "20.01", False),
        ("S11", "12.50", True),
        ("S11", "12.49", False),
    ],
)
def test_pearls_goals(code, value, met):
    ratio = next(r for r in pearls.RATIOS if r.code == code)
    assert ratio.met(D(value)) is met


def test_pearls_lists_the_required_ratios():
    assert [r.code for r in pearls.RATIOS] == [
        "P1",
        "P2",
        "E1",
        "E5",
        "E6",
        "E7",
        "E9",
        "A1",
        "A2",
        "R9",
        "R12",
        "L1",
        "L2",
        "S10",
        "S11",
    ]
