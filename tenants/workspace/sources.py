"""The journal's source codes in words: one mapping, used by the journal page and reports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SOURCE_LABELS = {
    "ledger.manual": _("Jurnal umum"),
    "ledger.reversal": _("Pembalikan jurnal"),
    "ledger.closing": _("Penutupan buku akhir tahun"),
    "savings.pokok_deposit": _("Setoran simpanan pokok"),
    "savings.wajib_deposit": _("Setoran simpanan wajib"),
    "savings.sukarela_deposit": _("Setoran simpanan sukarela"),
    "savings.sukarela_withdrawal": _("Penarikan simpanan sukarela"),
    "savings.collection": _("Setoran simpanan (beberapa anggota / jenis)"),
    "savings.exit_settlement": _("Pengembalian simpanan anggota keluar"),
    "savings.jasa_run": _("Jasa simpanan sukarela bulanan"),
    "savings.payroll_batch": _("Potongan gaji"),
    "loans.disbursement": _("Pencairan pinjaman"),
    "loans.repayment": _("Angsuran pinjaman"),
    "loans.write_off": _("Hapus buku pinjaman"),
    "loans.recovery": _("Penerimaan pinjaman yang telah dihapus buku"),
    "loans.exit_offset": _("Pelunasan pinjaman dari simpanan anggota keluar (non-kas)"),
    "loans.exit_recovery_offset": _(
        "Pemulihan pinjaman dihapus buku dari simpanan anggota keluar (non-kas)"
    ),
    "loans.allowance": _("Penyisihan kerugian pinjaman"),
}


def source_label(code: str | None) -> str:
    """ "Setoran simpanan sukarela" for ``savings.sukarela_deposit``; an unknown code reads as
    "Lainnya" rather than as a code."""
    if not code:
        return str(_("Lainnya"))
    return str(SOURCE_LABELS.get(code, _("Lainnya")))
