"""Data-sharing consent between a cooperative and a body that may see it (public schema).

Aggregate figures are the legal reporting minimum and are always shared with the bodies whose
scope includes the cooperative: no row is needed for that. Member-level data (the cooperative's
member roster summary) is shared with a body only while the cooperative's ketua has opted in;
every change is appended to ``ConsentLog``, which the database refuses to update or delete.
Member-level rows copied out of the cooperative's schema live in ``SharedMember`` only while at
least one member-level consent stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsentLevel(models.TextChoices):
    AGGREGATE = "aggregate", _("Angka agregat (wajib)")
    MEMBER_LEVEL = "member_level", _("Data per anggota")


def _target_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(models.Q(body__isnull=False) & models.Q(sekunder__isnull=True))
        | (models.Q(body__isnull=True) & models.Q(sekunder__isnull=False)),
        name=name,
    )


class Consent(models.Model):
    """The current level a cooperative shares with one body (an oversight body or a sekunder)."""

    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="consents_given",
    )
    body = models.ForeignKey(
        "oversight.OversightBody",
        verbose_name=_("badan pengawas"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
    )
    sekunder = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi sekunder"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents_received",
    )
    level = models.CharField(_("tingkat"), max_length=20, choices=ConsentLevel.choices)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("persetujuan berbagi data")
        verbose_name_plural = pgettext_lazy("jamak", "persetujuan berbagi data")
        constraints = [
            _target_check("consent_one_target"),
            models.UniqueConstraint(
                fields=["cooperative", "body"],
                condition=models.Q(body__isnull=False),
                name="consent_unique_body",
            ),
            models.UniqueConstraint(
                fields=["cooperative", "sekunder"],
                condition=models.Q(sekunder__isnull=False),
                name="consent_unique_sekunder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} → {self.body or self.sekunder}: {self.get_level_display()}"


class ConsentLog(models.Model):
    """Append-only history of consent changes (a database trigger refuses UPDATE and DELETE)."""

    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.PROTECT,
        related_name="consent_log",
    )
    body = models.ForeignKey(
        "oversight.OversightBody",
        verbose_name=_("badan pengawas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sekunder = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi sekunder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level_before = models.CharField(_("tingkat sebelumnya"), max_length=20)
    level_after = models.CharField(_("tingkat baru"), max_length=20)
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("log persetujuan")
        verbose_name_plural = pgettext_lazy("jamak", "log persetujuan")
        ordering = ["-changed_at", "-id"]
        constraints = [_target_check("consent_log_one_target")]
        indexes = [models.Index(fields=["cooperative", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.cooperative}: {self.level_after}"


class SharedMember(models.Model):
    """Member-level summary copied out of a cooperative's schema by the snapshot job — only while
    the cooperative shares member-level data with at least one body. Read only through
    ``consent.selectors.shared_member_list``, which checks the reader's consent."""

    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="shared_members",
    )
    member_id = models.BigIntegerField(_("id anggota"))
    number = models.CharField(_("nomor anggota"), max_length=30)
    full_name = models.CharField(_("nama"), max_length=200)
    status = models.CharField(_("status"), max_length=12)
    joined_on = models.DateField(_("tanggal masuk"), null=True)
    savings_total = models.DecimalField(_("total simpanan"), max_digits=18, decimal_places=2)
    loans_outstanding = models.DecimalField(_("sisa pinjaman"), max_digits=18, decimal_places=2)
    refreshed_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("data anggota yang dibagikan")
        verbose_name_plural = pgettext_lazy("jamak", "data anggota yang dibagikan")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "member_id"], name="shared_member_unique"
            )
        ]
        ordering = ["cooperative_id", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.full_name}"

    @property
    def status_label(self) -> str:
        """The member's status in words (the members app's labels, in the active language)."""
        from sokoguru.tenants.members.models import Member

        labels = dict(Member.Status.choices)
        return str(labels.get(self.status, self.status))


class MemberDataRead(models.Model):
    """One read of member-level data by an official under member-level consent (UU 27/2022):
    who, when, from which address, which cooperative and which members the read returned.
    Written by ``consent.selectors.shared_member_list``, the one door to member-level data;
    append-only (a database trigger refuses UPDATE and DELETE). The cooperative's pengawas
    reads it in the cooperative's admin."""

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.PROTECT,
        related_name="member_data_reads",
    )
    body = models.ForeignKey(
        "oversight.OversightBody",
        verbose_name=_("badan pengawas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sekunder = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi sekunder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reader_id = models.BigIntegerField(_("pembaca"), null=True, blank=True)
    reader_email = models.CharField(_("email pembaca"), max_length=254, blank=True)
    address = models.GenericIPAddressField(_("alamat"), null=True, blank=True)
    search = models.CharField(_("pencarian"), max_length=200, blank=True)
    member_ids = models.JSONField(_("id anggota"), default=list)

    class Meta:
        verbose_name = _("akses data anggota")
        verbose_name_plural = pgettext_lazy("jamak", "akses data anggota")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["cooperative", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.reader_email} → {self.cooperative_id}"
