"""The health assessment of the constructed cooperative (conftest ``build_books``), worked out
by hand as of 31 March 2026 (fiscal year from January: three months elapsed, flows × 4):

balance sheet: kas 18.000.000, bank 5.000.000, piutang pinjaman 20.000.000, cadangan kerugian
−500.000 → aset 42.500.000; sukarela 20.000.000, pinjaman bank 1.000.000; pokok 4.000.000, wajib
8.000.000, hibah 6.000.000, cadangan 2.000.000, SHU 1.500.000 → modal sendiri 21.500.000.
income 3.500.000 (jasa 3.000.000, lain 500.000); expenses 2.000.000 (jasa simpanan 300.000,
kerugian piutang 500.000, honorarium 600.000, operasional 400.000, RAT 200.000).
loans: lancar 10.000.000, kurang lancar 6.000.000, macet 4.000.000."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.health import selectors
from sokoguru.tenants.health.models import HealthAssessment, ManagementQuestionnaire
from sokoguru.tenants.health.schemes import scheme_get
from sokoguru.tenants.health.services import health_compute, questionnaire_submit
from tests.health.conftest import MONTH

D = Decimal

# (ratio code, ratio %, nilai, score)
EXPECTED_RATIOS = [
    ("modal_sendiri_aset", "50.59", "100", "6.00"),  # 21,5 / 42,5 jt
    ("modal_sendiri_pinjaman_berisiko", "215.00", "100", "6.00"),  # 21,5 / 10 jt
    ("kecukupan_modal", "86.59", "100", "3.00"),  # 17,75 / 20,5 jt
    ("volume_pinjaman_anggota", "100.00", "100", "10.00"),
    ("risiko_pinjaman_bermasalah", "35.00", "25", "1.25"),  # (3 + 4) / 20 jt
    ("cadangan_risiko", "35.71", "30", "1.50"),  # (2 + 0,5) / 7 jt
    ("pinjaman_berisiko", "50.00", "25", "1.25"),  # 10 / 20 jt
    ("manajemen.umum", None, "75.00", "2.25"),  # 9 of 12 × 3
    ("manajemen.kelembagaan", None, "100.00", "3.00"),
    ("manajemen.permodalan", None, "80.00", "2.40"),
    ("manajemen.aktiva", None, "70.00", "2.10"),
    ("manajemen.likuiditas", None, "100.00", "3.00"),
    ("beban_operasi_partisipasi_bruto", "66.67", "100", "4.00"),  # 2 / 3 jt
    ("beban_usaha_shu_kotor", "55.56", "75", "3.00"),  # 1,5 / 2,7 jt
    ("efisiensi_pelayanan", "12.00", "50", "1.00"),  # 0,6 × 4 / 20 jt
    ("rasio_kas", "115.00", "25", "2.50"),  # 23 / 20 jt
    ("pinjaman_dana_diterima", "47.06", "25", "1.25"),  # 20 / (20 + 1 + 21,5) jt
    ("rentabilitas_aset", "14.12", "100", "3.00"),  # 1,5 × 4 / 42,5 jt
    ("rentabilitas_modal_sendiri", "12.56", "100", "3.00"),  # 1,5 × 45% × 4 / 21,5 jt
    ("kemandirian_operasional", "158.82", "100", "4.00"),  # 2,7 / (1,5 + 0,2) jt
    ("partisipasi_bruto", "85.71", "100", "7.00"),  # 3 / 3,5 jt
    ("promosi_ekonomi_anggota", "32.50", "100", "3.00"),  # (0,3 × 4 + 2,7) / 12 jt
]
EXPECTED_ASPECTS = {
    "permodalan": "15.00",
    "kualitas_aktiva_produktif": "14.00",
    "manajemen": "12.75",
    "efisiensi": "8.00",
    "likuiditas": "3.75",
    "kemandirian_pertumbuhan": "10.00",
    "jatidiri": "10.00",
}
# (code, ratio %, goal met)
EXPECTED_PEARLS = [
    ("P1", "12.50", False),  # 0,5 / 4 jt
    ("P2", "0.00", False),  # nothing left after P1 / 6 jt
    ("E1", "45.88", False),  # 19,5 / 42,5 jt
    ("E5", "47.06", False),  # 20 / 42,5 jt
    ("E6", "2.35", True),  # 1 / 42,5 jt
    ("E7", "28.24", False),  # 12 / 42,5 jt
    ("E9", "18.82", True),  # 8 / 42,5 jt
    ("A1", "50.00", False),  # 10 / 20 jt
    ("A2", "42.35", False),  # kas 18 / 42,5 jt
    ("R9", "11.29", False),  # 1,2 × 4 / 42,5 jt
    ("R12", "14.12", True),  # 1,5 × 4 / 42,5 jt
    ("L1", "115.00", False),  # 23 / 20 jt
    ("L2", "5.00", False),  # by-laws reserve Rp 1 jt held in cash / 20 jt
    ("S10", None, None),  # no members a year earlier
    ("S11", None, None),  # no assets a year earlier
]


def answers(no: set[str] = frozenset()) -> dict[str, bool]:
    return {code: code not in no for code in scheme_get().questions()}


NO = {"umum_1", "umum_2", "umum_3", "permodalan_5", "aktiva_8", "aktiva_9", "aktiva_10"}


def test_assessment_scores_every_ratio_from_the_books(books, make_user, in_coop_a):
    pengawas = make_user(roles={in_coop_a: "pengawas"})
    # when
    questionnaire_submit(month=MONTH, answers=answers(NO), actor=pengawas.pk)
    assessment = selectors.assessment_get(month=MONTH)
    # then
    got = [(r["code"], r["ratio"], r["value"], r["score"]) for r in assessment.ratios]
    assert got == EXPECTED_RATIOS
    assert assessment.aspect_scores == EXPECTED_ASPECTS
    assert assessment.total_score == D("73.50")
    assert assessment.band == "cukup_sehat"
    assert [(p["code"], p["ratio"], p["met"]) for p in assessment.pearls] == EXPECTED_PEARLS


def test_every_ratio_explains_itself(books, make_user, in_coop_a):
    assessment = health_compute(month=MONTH, actor=SYSTEM)
    ratios = {r["code"]: r for r in assessment.ratios}
    kas = ratios["rasio_kas"]
    assert kas["numerator"]["amount"] == "23000000.00"
    assert [(s["code"], s["name"], s["amount"]) for s in kas["numerator"]["sources"]] == [
        ("1101", "Kas", "18000000.00"),
        ("1102", "Bank", "5000000.00"),
    ]
    assert kas["denominator"]["amount"] == "20000000.00"
    assert [s["code"] for s in kas["denominator"]["sources"]] == ["2101"]
    assert kas["row"] == "x > 20%"
    bermasalah = ratios["risiko_pinjaman_bermasalah"]["numerator"]
    assert [(s["label"], s["amount"]) for s in bermasalah["sources"]] == [
        ("Kurang lancar × 50%", "3000000.00"),
        ("Diragukan × 75%", "0.00"),
        ("Macet × 100%", "4000000.00"),
    ]
    car = ratios["kecukupan_modal"]
    assert car["denominator"]["amount"] == "20500000.00"
    assert car["numerator"]["amount"] == "17750000.00"
    assert ratios["modal_sendiri_aset"]["row"] == "40% < x ≤ 60%"
    # without a questionnaire the management aspect scores nothing
    assert assessment.aspect_scores["manajemen"] == "0.00"
    assert assessment.total_score == D("60.75")
    assert assessment.band == "dalam_pengawasan"


def test_questionnaire_refused_without_the_pengawas_role_writes_nothing(
    books, make_user, in_coop_a
):
    bendahara = make_user(roles={in_coop_a: "bendahara"})
    with pytest.raises(PermissionDenied) as refused:
        questionnaire_submit(month=MONTH, answers=answers(), actor=bendahara.pk)
    assert refused.value.field == "answers"
    assert ManagementQuestionnaire.objects.count() == 0
    assert HealthAssessment.objects.count() == 0


def test_questionnaire_must_answer_every_question_and_writes_nothing_otherwise(
    books, make_user, in_coop_a
):
    pengawas = make_user(roles={in_coop_a: "pengawas"})
    partial = answers()
    partial.pop("likuiditas_5")
    with pytest.raises(ValidationError) as refused:
        questionnaire_submit(month=MONTH, answers=partial, actor=pengawas.pk)
    assert "answers" in refused.value.message_dict
    with pytest.raises(ValidationError):
        questionnaire_submit(month=MONTH, answers={**answers(), "x_1": True}, actor=pengawas.pk)
    assert ManagementQuestionnaire.objects.count() == 0
    assert HealthAssessment.objects.count() == 0


def test_questionnaire_answers_carry_forward_and_record_who_and_when(books, make_user, in_coop_a):
    from datetime import date

    pengawas = make_user(roles={in_coop_a: "pengawas"})
    record = questionnaire_submit(month=date(2026, 2, 10), answers=answers(), actor=pengawas.pk)
    assert record.month == date(2026, 2, 28)
    assert record.submitted_by_id == pengawas.pk
    assert record.submitted_at is not None
    march = health_compute(month=MONTH, actor=SYSTEM)
    assert march.questionnaire_id == record.pk
    assert march.aspect_scores["manajemen"] == "15.00"


def test_compute_is_role_checked(books, make_user, in_coop_a):
    kasir = make_user(roles={in_coop_a: "kasir"})
    with pytest.raises(PermissionDenied):
        health_compute(month=MONTH, actor=kasir.pk)
    assert HealthAssessment.objects.count() == 0


def test_health_snapshot_summary_carries_aggregates_only(books, in_coop_a):
    health_compute(month=MONTH, actor=SYSTEM)
    summary = selectors.health_snapshot_summary(as_of=MONTH)
    assert summary["health_score"] == D("60.75")
    assert summary["health_band"] == "dalam_pengawasan"
    assert summary["health_scheme"] == "kemenkop-06-2016@2016.1"
    assert summary["health_aspects"]["permodalan"] == "15.00"
    assert summary["health_pearls"]["A1"] == {"ratio": "50.00", "met": False, "goal": "≤ 5%"}
    assert set(summary) == {
        "health_month",
        "health_scheme",
        "health_score",
        "health_band",
        "health_band_previous",
        "health_aspects",
        "health_pearls",
    }


def test_computation_costs_a_fixed_number_of_queries(books, make_user, in_coop_a, register_member):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.fixtures.loans import loan_disbursed

    health_compute(month=MONTH, actor=SYSTEM)  # the month's row exists: later runs update it
    with CaptureQueriesContext(connection) as first:
        health_compute(month=MONTH, actor=SYSTEM)
    # more members and loans: the same number of queries
    for n in range(4):
        member = register_member(
            full_name=f"Tambahan {n}", joined_on=date(2026, 1, 3), pokok_on=date(2026, 1, 3)
        )
        loan_disbursed(
            member=member,
            product=books["product"],
            officers=books["officers"],
            amount=D("500000"),
            disbursed_on=date(2026, 1, 11),
        )
    with CaptureQueriesContext(connection) as second:
        health_compute(month=MONTH, actor=SYSTEM)
    assert len(first.captured_queries) == len(second.captured_queries) == QUERIES


# Questionnaire, by-laws (fiscal year, policy), chart, balance sheet and income statement sums,
# loan portfolio, member counts, the upsert and its savepoint.
QUERIES = 19
