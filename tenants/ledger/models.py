"""The cooperative's books: chart of accounts, journal transactions with their legs, and fiscal
periods. PostgreSQL keeps them honest (see migrations/0002_integrity.py): a transaction whose legs
do not balance is refused at commit, posted rows cannot be changed or deleted, and nothing can be
posted into a closed period."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sokoguru.tenants.ledger import chart

ACCOUNT_TYPES = [chart.ASSET, chart.LIABILITY, chart.EQUITY, chart.INCOME, chart.EXPENSE]

account_code_validator = RegexValidator(
    r"^[0-9]{4}(\.[0-9]{1,4}){0,3}$",
    _("Kode akun: 4 digit, sub-akun ditambah titik dan 1-4 digit (mis. 1102.01)."),
    code="invalid_account_code",
)


class Account(models.Model):
    """One account of the chart. Standard accounts come from ``chart.STANDARD_CHART``; a
    cooperative adds sub-accounts (code ``<parent>.<nn>``) that inherit type and normal balance."""

    class Type(models.TextChoices):
        ASSET = chart.ASSET, _("Aset")
        LIABILITY = chart.LIABILITY, _("Kewajiban")
        EQUITY = chart.EQUITY, _("Ekuitas")
        INCOME = chart.INCOME, _("Pendapatan")
        EXPENSE = chart.EXPENSE, _("Beban")

    class NormalBalance(models.TextChoices):
        DEBIT = chart.DEBIT, _("Debit")
        CREDIT = chart.CREDIT, _("Kredit")

    code = models.CharField(
        _("kode"), max_length=20, unique=True, validators=[account_code_validator]
    )
    name = models.CharField(_("nama"), max_length=120)
    type = models.CharField(_("jenis"), max_length=10, choices=Type.choices)
    normal_balance = models.CharField(
        _("saldo normal"), max_length=6, choices=NormalBalance.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("akun induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        to_field="code",
        db_column="parent_code",
        db_index=False,
    )
    is_standard = models.BooleanField(_("akun standar"), default=False, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    description = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("akun")
        verbose_name_plural = _("bagan akun")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=ACCOUNT_TYPES),
                name="ledger_account_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(normal_balance__in=[chart.DEBIT, chart.CREDIT]),
                name="ledger_account_normal_balance_valid",
            ),
        ]
        indexes = [models.Index(fields=["parent"], name="ledger_account_parent_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        code = self.code or ""
        if "." in code:
            parent_code = code.rsplit(".", 1)[0]
            if self.parent_id != parent_code:
                raise ValidationError(
                    {
                        "parent": _("Akun induk sub-akun %(code)s harus %(parent)s.")
                        % {"code": code, "parent": parent_code}
                    }
                )
        elif not self.is_standard:
            raise ValidationError(
                {"code": _("Akun baru harus sub-akun dari akun yang ada (mis. 1102.01).")}
            )


class JournalTransaction(models.Model):
    """A balanced journal transaction. Never edited: a correction is a reversal."""

    date = models.DateField(_("tanggal"))
    description = models.CharField(_("uraian"), max_length=255)
    source_kind = models.CharField(_("jenis sumber"), max_length=50, blank=True)
    source_id = models.CharField(_("id sumber"), max_length=64, blank=True)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200)
    # SHA-256 of the posted content: a retry with the same key must carry the same content.
    fingerprint = models.CharField(_("sidik isi"), max_length=64, editable=False)
    amount = models.DecimalField(_("jumlah"), max_digits=18, decimal_places=2)
    reversal_of = models.OneToOneField(
        "self",
        verbose_name=_("membalik transaksi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reversed_by = models.OneToOneField(
        "self",
        verbose_name=_("dibalik oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Users live in the public schema; no database constraint across schemas.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("transaksi jurnal")
        verbose_name_plural = pgettext_lazy("jamak", "transaksi jurnal")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="ledger_txn_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_txn_amount_positive"),
            models.CheckConstraint(
                condition=~Q(reversal_of=F("id")), name="ledger_txn_not_self_reversal"
            ),
        ]
        indexes = [
            models.Index(fields=["date", "id"], name="ledger_txn_date_idx"),
            models.Index(fields=["source_kind", "source_id"], name="ledger_txn_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_by_id is not None


class JournalLeg(models.Model):
    """One debit or credit of a transaction, optionally on a member's sub-ledger. ``date`` is a
    copy of the transaction's date (kept equal by the database) so balances as of a date read
    one index."""

    transaction = models.ForeignKey(
        JournalTransaction,
        verbose_name=_("transaksi"),
        on_delete=models.PROTECT,
        related_name="legs",
    )
    account = models.ForeignKey(
        Account,
        verbose_name=_("akun"),
        on_delete=models.PROTECT,
        related_name="legs",
        to_field="code",
        db_column="account_code",
        db_index=False,  # ledger_leg_account_date_idx leads with the account
    )
    # members.Member id; no foreign key: the ledger does not depend on the members app.
    member_id = models.BigIntegerField(_("anggota"), null=True, blank=True)
    date = models.DateField(_("tanggal"))
    debit = models.DecimalField(_("debit"), max_digits=18, decimal_places=2, default=0)
    credit = models.DecimalField(_("kredit"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("baris jurnal")
        verbose_name_plural = pgettext_lazy("jamak", "baris jurnal")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(credit__gt=0) & Q(debit=0)),
                name="ledger_leg_one_side_positive",
            ),
        ]
        indexes = [
            models.Index(
                fields=["account", "date"],
                include=["debit", "credit"],
                name="ledger_leg_account_date_idx",
            ),
            models.Index(
                fields=["account", "member_id", "date"],
                include=["debit", "credit"],
                condition=Q(member_id__isnull=False),
                name="ledger_leg_member_idx",
            ),
            models.Index(
                fields=["member_id", "date"],
                condition=Q(member_id__isnull=False),
                name="ledger_leg_member_date_idx",
            ),
            models.Index(fields=["date"], name="ledger_leg_date_idx"),
        ]

    def __str__(self) -> str:
        side = f"D {self.debit}" if self.debit else f"K {self.credit}"
        return f"{self.account_id} {side}"

    @property
    def amount(self):
        """Signed amount: debit positive, credit negative."""
        return self.debit - self.credit


class FiscalPeriod(models.Model):
    """A period whose books are closed (maker-checker: one officer requests the close, a second
    confirms it). Once closed, nothing can be posted with a date inside it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Menunggu konfirmasi")
        CLOSED = "closed", _("Ditutup")
        CANCELLED = "cancelled", _("Dibatalkan")

    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikonfirmasi oleh"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    closing_transaction = models.OneToOneField(
        JournalTransaction,
        verbose_name=_("jurnal penutup"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("periode buku")
        verbose_name_plural = pgettext_lazy("jamak", "periode buku")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="ledger_period_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (
                    Q(confirmed_by__isnull=False)
                    & Q(confirmed_at__isnull=False)
                    & ~Q(confirmed_by=F("requested_by"))
                ),
                name="ledger_period_closed_by_second_officer",
            ),
            ExclusionConstraint(
                name="ledger_period_no_overlap",
                expressions=[
                    (
                        Func(
                            F("start_date"),
                            F("end_date"),
                            Value("[]"),
                            function="daterange",
                            output_field=DateRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    )
                ],
                condition=~Q(status="cancelled"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date} – {self.end_date} ({self.get_status_display()})"
