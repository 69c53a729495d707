"""Penilaian kesehatan KSP/USP koperasi — Peraturan Deputi Bidang Pengawasan Kementerian Koperasi
dan UKM No. 06/Per/Dep.6/IV/2016 (pedoman penilaian; the scheme of Permenkop 14/2009): seven
aspects, 100 points in all.

Version ``2016.1`` of this data. Every ratio names its numerator and denominator from
``sokoguru.tenants.health.figures.FIGURES`` (which lists the ledger accounts each figure reads).
Ratios are in percent, rounded half up to two decimals before they are looked up, so the shown
figure is the one that scored. ``value`` is the table's *nilai* (0–100); the ratio's score is
nilai × weight / 100.

Where published worksheets disagree with the rule text, this data follows the table:

* Modal sendiri / pinjaman diberikan yang berisiko (and cadangan risiko / risiko pinjaman
  bermasalah): the rule text reads "setiap kenaikan 1% nilai ditambah 1, maksimum 100", while the
  table of the regulation's annex scores in steps of 10 (0 ≤ x < 10 → 0, …, ≥ 100 → 100). This
  data implements the **table** (steps of 10, lower bound inclusive): it is what the dinas
  worksheets apply, and a ratio of 99% scores 90, not 99 (``test_rule_vs_table_steps``).
* Flows (income-statement figures) are the fiscal year to the month end; where a flow is set
  against a stock (rentabilitas aset and modal sendiri, promosi ekonomi anggota, efisiensi
  pelayanan) the flow is annualised (× 12 / months elapsed), so January is not graded against a
  full year's balance.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from sokoguru.tenants.health.schemes import (
    Aspect,
    Band,
    Component,
    Question,
    Ratio,
    Scheme,
    table,
)

D = Decimal

STEPS_OF_TEN = table(
    "lower", *[(i * 10 or None, i * 10 + 10, i * 10) for i in range(10)], (100, None, 100)
)

PERMODALAN = Aspect(
    code="permodalan",
    title=_("Permodalan"),
    weight=D("15"),
    ratios=(
        Ratio(
            code="modal_sendiri_aset",
            title=_("Rasio modal sendiri terhadap total aset"),
            formula=_("Modal sendiri / total aset × 100%"),
            numerator="own_capital",
            denominator="total_assets",
            weight=D("6"),
            table=table(
                "upper", (None, 20, 25), (20, 40, 50), (40, 60, 100), (60, 80, 50), (80, None, 25)
            ),
        ),
        Ratio(
            code="modal_sendiri_pinjaman_berisiko",
            title=_("Rasio modal sendiri terhadap pinjaman diberikan yang berisiko"),
            formula=_("Modal sendiri / pinjaman diberikan yang berisiko × 100%"),
            numerator="own_capital",
            denominator="risky_loans",
            weight=D("6"),
            table=STEPS_OF_TEN,
            empty_value=D("100"),
            empty_note=_("Tidak ada pinjaman berisiko: modal sendiri menanggung seluruhnya."),
        ),
        Ratio(
            code="kecukupan_modal",
            title=_("Rasio kecukupan modal sendiri (CAR)"),
            formula=_("Modal tertimbang / aset tertimbang menurut risiko (ATMR) × 100%"),
            numerator="weighted_capital",
            denominator="risk_weighted_assets",
            weight=D("3"),
            table=table("lower", (None, 4, 25), (4, 6, 50), (6, 8, 75), (8, None, 100)),
            empty_value=D("100"),
            empty_note=_("ATMR nol: tidak ada aset berisiko."),
        ),
    ),
)

KUALITAS_AKTIVA = Aspect(
    code="kualitas_aktiva_produktif",
    title=_("Kualitas aktiva produktif"),
    weight=D("25"),
    ratios=(
        Ratio(
            code="volume_pinjaman_anggota",
            title=_("Rasio volume pinjaman pada anggota terhadap volume pinjaman diberikan"),
            formula=_("Pinjaman pada anggota / pinjaman diberikan × 100%"),
            numerator="member_loans",
            denominator="loans_given",
            weight=D("10"),
            table=table("lower", (None, 25, 0), (25, 50, 50), (50, 75, 75), (75, None, 100)),
            note=_(
                "Koperasi hanya meminjami anggotanya (pada koperasi sekunder: koperasi anggota)."
            ),
        ),
        Ratio(
            code="risiko_pinjaman_bermasalah",
            title=_("Rasio risiko pinjaman bermasalah terhadap pinjaman yang diberikan"),
            formula=_(
                "(50% kurang lancar + 75% diragukan + 100% macet) / pinjaman diberikan × 100%"
            ),
            numerator="problem_loan_risk",
            denominator="loans_given",
            weight=D("5"),
            table=table("upper", (None, 5, 100), (5, 9, 75), (9, 12, 50), (12, None, 25)),
            empty_value=D("100"),
            empty_note=_("Tidak ada pinjaman beredar: tidak ada pinjaman bermasalah."),
        ),
        Ratio(
            code="cadangan_risiko",
            title=_("Rasio cadangan risiko terhadap risiko pinjaman bermasalah"),
            formula=_("Cadangan risiko / risiko pinjaman bermasalah × 100%"),
            numerator="risk_reserve",
            denominator="problem_loan_risk",
            weight=D("5"),
            table=STEPS_OF_TEN,
            empty_value=D("100"),
            empty_note=_("Tidak ada pinjaman bermasalah yang perlu dicadangkan."),
        ),
        Ratio(
            code="pinjaman_berisiko",
            title=_("Rasio pinjaman yang berisiko terhadap pinjaman yang diberikan"),
            formula=_("Pinjaman berisiko / pinjaman diberikan × 100%"),
            numerator="risky_loans",
            denominator="loans_given",
            weight=D("5"),
            table=table("upper", (None, 21, 100), (21, 26, 75), (26, 30, 50), (30, None, 25)),
            empty_value=D("100"),
            empty_note=_("Tidak ada pinjaman beredar."),
            note=_(
                "Pinjaman berisiko: pinjaman yang tidak lancar (kurang lancar, diragukan, macet) "
                "menurut umur tunggakan penutupan harian terakhir."
            ),
        ),
    ),
)


def _q(prefix: str, texts: list) -> tuple[Question, ...]:
    return tuple(Question(code=f"{prefix}_{i}", text=t) for i, t in enumerate(texts, start=1))


MANAJEMEN = Aspect(
    code="manajemen",
    title=_("Manajemen"),
    weight=D("15"),
    components=(
        Component(
            code="umum",
            title=_("Manajemen umum"),
            weight=D("3"),
            questions=_q(
                "umum",
                [
                    _("Visi, misi dan tujuan koperasi tertulis dan dipahami pengurus."),
                    _("Koperasi memiliki rencana kerja jangka panjang (minimal 3 tahun)."),
                    _("Koperasi memiliki rencana kerja dan anggaran tahunan yang disahkan RAT."),
                    _("Pengurus dan pengelola memahami rencana kerja dan anggaran tahun ini."),
                    _("Koperasi memiliki kebijakan tertulis mengenai simpan pinjam."),
                    _("Pengurus mengambil keputusan melalui rapat pengurus yang dicatat."),
                    _("Koperasi memiliki standar operasional prosedur (SOP) tertulis."),
                    _("Pengelola memiliki uraian tugas dan wewenang tertulis."),
                    _("Laporan keuangan disusun setiap bulan tepat waktu."),
                    _("Pengawas melakukan pemeriksaan secara berkala dan tertulis."),
                    _("Hasil pemeriksaan pengawas ditindaklanjuti pengurus."),
                    _("Rapat anggota tahunan diselenggarakan tepat waktu."),
                ],
            ),
        ),
        Component(
            code="kelembagaan",
            title=_("Kelembagaan"),
            weight=D("3"),
            questions=_q(
                "kelembagaan",
                [
                    _("Anggaran dasar dan rumah tangga sesuai dengan kegiatan simpan pinjam."),
                    _("Struktur organisasi tertulis dan sesuai dengan kebutuhan."),
                    _("Jumlah pengurus dan pengawas sesuai anggaran dasar."),
                    _("Pengurus dan pengawas telah mengikuti pelatihan perkoperasian."),
                    _("Koperasi memiliki sistem pencatatan dan pelaporan yang memadai."),
                    _("Koperasi memiliki izin usaha simpan pinjam yang berlaku."),
                ],
            ),
        ),
        Component(
            code="permodalan",
            title=_("Manajemen permodalan"),
            weight=D("3"),
            questions=_q(
                "permodalan",
                [
                    _("Modal sendiri tumbuh dibanding tahun lalu."),
                    _("Simpanan anggota tumbuh dibanding tahun lalu."),
                    _("Penyisihan SHU untuk cadangan sesuai anggaran dasar."),
                    _("Simpanan pokok dan wajib dibayar anggota sesuai ketentuan."),
                    _("Penarikan simpanan anggota dilayani sesuai ketentuan."),
                ],
            ),
        ),
        Component(
            code="aktiva",
            title=_("Manajemen aktiva"),
            weight=D("3"),
            questions=_q(
                "aktiva",
                [
                    _("Pinjaman diberikan berdasarkan analisis kelayakan tertulis."),
                    _("Keputusan pinjaman diambil pejabat berwenang (tidak seorang diri)."),
                    _("Setiap pinjaman memiliki perjanjian tertulis."),
                    _("Jaminan atau agunan pinjaman dinilai dan disimpan dengan baik."),
                    _("Kolektibilitas pinjaman dipantau setiap bulan."),
                    _("Pinjaman bermasalah ditangani dengan langkah tertulis."),
                    _("Cadangan penghapusan pinjaman dibentuk sesuai kolektibilitas."),
                    _("Pinjaman kepada pengurus dan pengawas tidak lebih mudah dari anggota lain."),
                    _("Batas maksimum pinjaman per anggota ditetapkan dan dipatuhi."),
                    _("Penghapusan pinjaman macet disetujui rapat anggota."),
                ],
            ),
        ),
        Component(
            code="likuiditas",
            title=_("Manajemen likuiditas"),
            weight=D("3"),
            questions=_q(
                "likuiditas",
                [
                    _("Koperasi memiliki kebijakan tertulis mengenai batas kas minimum."),
                    _("Posisi kas dan bank dipantau setiap hari."),
                    _("Koperasi memiliki fasilitas pendanaan bila kekurangan likuiditas."),
                    _("Antrean pinjaman dilayani sesuai urutan dan dana tersedia."),
                    _("Koperasi memiliki sistem informasi untuk memantau likuiditas."),
                ],
            ),
        ),
    ),
)

EFISIENSI = Aspect(
    code="efisiensi",
    title=_("Efisiensi"),
    weight=D("10"),
    ratios=(
        Ratio(
            code="beban_operasi_partisipasi_bruto",
            title=_("Rasio beban operasi anggota terhadap partisipasi bruto"),
            formula=_("Beban operasi anggota / partisipasi bruto × 100%"),
            numerator="member_operating_expense",
            denominator="gross_participation",
            weight=D("4"),
            table=table("lower", (None, 90, 100), (90, 95, 75), (95, 100, 50), (100, None, 25)),
            empty_value=D("25"),
            empty_note=_("Belum ada partisipasi bruto tahun ini."),
        ),
        Ratio(
            code="beban_usaha_shu_kotor",
            title=_("Rasio beban usaha terhadap SHU kotor"),
            formula=_("Beban usaha / SHU kotor × 100%"),
            numerator="business_expense",
            denominator="gross_surplus",
            weight=D("4"),
            table=table("upper", (None, 40, 100), (40, 60, 75), (60, 80, 50), (80, None, 25)),
            empty_value=D("25"),
            empty_note=_("SHU kotor nol atau negatif."),
        ),
        Ratio(
            code="efisiensi_pelayanan",
            title=_("Rasio efisiensi pelayanan"),
            formula=_("Biaya karyawan (disetahunkan) / pinjaman diberikan × 100%"),
            numerator="staff_cost_annualised",
            denominator="loans_given",
            weight=D("2"),
            table=table("lower", (None, 5, 100), (5, 10, 75), (10, 15, 50), (15, None, 25)),
            empty_value=D("25"),
            empty_note=_("Tidak ada pinjaman beredar."),
        ),
    ),
)

LIKUIDITAS = Aspect(
    code="likuiditas",
    title=_("Likuiditas"),
    weight=D("15"),
    ratios=(
        Ratio(
            code="rasio_kas",
            title=_("Rasio kas"),
            formula=_("(Kas + bank) / kewajiban lancar × 100%"),
            numerator="cash_and_bank",
            denominator="current_liabilities",
            weight=D("10"),
            table=table("upper", (None, 10, 25), (10, 15, 100), (15, 20, 50), (20, None, 25)),
            empty_value=D("25"),
            empty_note=_("Tidak ada kewajiban lancar: kas menganggur."),
        ),
        Ratio(
            code="pinjaman_dana_diterima",
            title=_("Rasio pinjaman diberikan terhadap dana yang diterima"),
            formula=_("Pinjaman diberikan / dana yang diterima × 100%"),
            numerator="loans_given",
            denominator="funds_received",
            weight=D("5"),
            table=table("lower", (None, 50, 25), (50, 75, 50), (75, 100, 75), (100, None, 100)),
        ),
    ),
)

KEMANDIRIAN = Aspect(
    code="kemandirian_pertumbuhan",
    title=_("Kemandirian dan pertumbuhan"),
    weight=D("10"),
    ratios=(
        Ratio(
            code="rentabilitas_aset",
            title=_("Rentabilitas aset"),
            formula=_("SHU sebelum pajak (disetahunkan) / total aset × 100%"),
            numerator="surplus_annualised",
            denominator="total_assets",
            weight=D("3"),
            table=table(
                "lower", (None, 5, 25), (5, D("7.5"), 50), (D("7.5"), 10, 75), (10, None, 100)
            ),
        ),
        Ratio(
            code="rentabilitas_modal_sendiri",
            title=_("Rentabilitas modal sendiri"),
            formula=_("SHU bagian anggota (disetahunkan) / total modal sendiri × 100%"),
            numerator="member_surplus_annualised",
            denominator="own_capital",
            weight=D("3"),
            table=table(
                "lower", (None, 5, 25), (5, D("7.5"), 50), (D("7.5"), 10, 75), (10, None, 100)
            ),
        ),
        Ratio(
            code="kemandirian_operasional",
            title=_("Kemandirian operasional pelayanan"),
            formula=_("Partisipasi neto / (beban usaha + beban perkoperasian) × 100%"),
            numerator="net_participation",
            denominator="business_and_coop_expense",
            weight=D("4"),
            table=table("upper", (None, 100, 25), (100, 125, 50), (125, 150, 75), (150, None, 100)),
            empty_value=D("100"),
            empty_note=_("Tidak ada beban usaha tahun ini."),
        ),
    ),
)

JATIDIRI = Aspect(
    code="jatidiri",
    title=_("Jatidiri koperasi"),
    weight=D("10"),
    ratios=(
        Ratio(
            code="partisipasi_bruto",
            title=_("Rasio partisipasi bruto"),
            formula=_("Partisipasi bruto / (partisipasi bruto + pendapatan lain) × 100%"),
            numerator="gross_participation",
            denominator="total_income",
            weight=D("7"),
            table=table("lower", (None, 25, 25), (25, 50, 50), (50, 75, 75), (75, None, 100)),
        ),
        Ratio(
            code="promosi_ekonomi_anggota",
            title=_("Rasio promosi ekonomi anggota (PEA)"),
            formula=_(
                "(Jasa simpanan anggota + SHU bagian anggota, disetahunkan) / "
                "(simpanan pokok + simpanan wajib) × 100%"
            ),
            numerator="member_economic_promotion",
            denominator="member_capital",
            weight=D("3"),
            table=table(
                "lower", (None, 5, 25), (5, D("7.5"), 50), (D("7.5"), 10, 75), (10, None, 100)
            ),
            note=_(
                "Manfaat ekonomi partisipasi anggota diukur dengan jasa simpanan yang dibayarkan "
                "kepada anggota; tidak ada tarif pasar yang dicatat untuk selisih jasa pinjaman."
            ),
        ),
    ),
)

SCHEME = Scheme(
    code="kemenkop-06-2016",
    version="2016.1",
    title=_("Penilaian kesehatan KSP/USP (Perdep 06/Per/Dep.6/IV/2016)"),
    source="Peraturan Deputi Bidang Pengawasan Kemenkop UKM 06/Per/Dep.6/IV/2016; "
    "Permenkop UKM 14/Per/M.KUKM/XII/2009",
    aspects=(PERMODALAN, KUALITAS_AKTIVA, MANAJEMEN, EFISIENSI, LIKUIDITAS, KEMANDIRIAN, JATIDIRI),
    bands=(
        Band("sehat", D("80")),
        Band("cukup_sehat", D("66")),
        Band("dalam_pengawasan", D("51")),
        Band("dalam_pengawasan_khusus", D("0")),
    ),
)
