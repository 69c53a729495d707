"""The workspace's Django forms. Every amount box is a ``RupiahField`` (Indonesian input,
ambiguous amounts refused); the services decide everything else."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.core.money import RupiahField

ACCOUNTS = [("cash", _("Kas (tunai)")), ("bank", _("Bank (transfer)"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def new_key() -> str:
    """An idempotency key made when a form is shown: a form sent twice posts once."""
    return uuid.uuid4().hex


class MemberRegisterForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    nik = forms.CharField(
        label=_("NIK"), max_length=16, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812…"}),
    )
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    rt = forms.CharField(label=_("RT"), max_length=3, required=False)
    rw = forms.CharField(label=_("RW"), max_length=3, required=False)
    nip = forms.CharField(label=_("NIP (pegawai)"), max_length=18, required=False)
    joined_on = forms.DateField(label=_("Tanggal masuk"), widget=DateInput())


class CounterForm(forms.Form):
    """One visit to the counter: any of pokok, wajib (months), sukarela in or out and a loan
    instalment, from cash or bank."""

    pokok = forms.BooleanField(label=_("Simpanan pokok"), required=False)
    wajib_months = forms.IntegerField(
        label=_("Simpanan wajib (bulan)"), min_value=0, max_value=36, required=False
    )
    sukarela_deposit = RupiahField(
        label=_("Setoran sukarela"), required=False, min_value=Decimal("1")
    )
    sukarela_withdraw = RupiahField(
        label=_("Penarikan sukarela"), required=False, min_value=Decimal("1")
    )
    loan = forms.TypedChoiceField(label=_("Pinjaman"), coerce=int, required=False)
    loan_amount = RupiahField(label=_("Angsuran pinjaman"), required=False, min_value=Decimal("1"))
    account = forms.ChoiceField(label=_("Diterima / dibayar lewat"), choices=ACCOUNTS)
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, loans=(), pokok_due: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].choices = [("", "—")] + [(loan.pk, loan.number) for loan in loans]
        if not pokok_due:
            del self.fields["pokok"]
        if not loans:
            del self.fields["loan"]
            del self.fields["loan_amount"]

    def clean(self):
        data = super().clean()
        if "loan" in self.fields and data.get("loan_amount") and not data.get("loan"):
            self.add_error("loan", _("Pilih pinjaman yang diangsur."))
        chosen = [
            data.get("pokok"),
            data.get("wajib_months"),
            data.get("sukarela_deposit"),
            data.get("sukarela_withdraw"),
            data.get("loan_amount"),
        ]
        if not any(chosen) and not self.errors:
            raise forms.ValidationError(_("Isi paling sedikit satu setoran atau pembayaran."))
        return data


class LoanApplyForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Produk pinjaman"), queryset=None, empty_label=None)
    amount = RupiahField(label=_("Jumlah pinjaman"), min_value=Decimal("1"))
    tenor = forms.IntegerField(label=_("Jangka waktu (bulan)"), min_value=1, max_value=120)
    purpose = forms.CharField(label=_("Tujuan / usaha"), max_length=255)
    guarantor = forms.CharField(label=_("Penjamin (nomor anggota)"), max_length=20, required=False)
    payroll_deduction = forms.BooleanField(label=_("Potong gaji"), required=False)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=255)


class DisburseForm(forms.Form):
    paid_from = forms.ChoiceField(label=_("Dibayar dari"), choices=ACCOUNTS)


class RepayForm(forms.Form):
    amount = RupiahField(label=_("Jumlah dibayar"), min_value=Decimal("1"))
    account = forms.ChoiceField(label=_("Diterima lewat"), choices=ACCOUNTS)
    key = forms.CharField(widget=forms.HiddenInput)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Dari tanggal"), widget=DateInput())
    end = forms.DateField(label=_("Sampai tanggal"), widget=DateInput())
    compare = forms.BooleanField(label=_("Bandingkan dengan tahun lalu"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class PeriodCloseForm(forms.Form):
    start_date = forms.DateField(label=_("Dari tanggal"), widget=DateInput())
    end_date = forms.DateField(label=_("Sampai tanggal"), widget=DateInput())
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)
