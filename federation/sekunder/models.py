"""A secondary cooperative's member cooperatives (public schema). The sekunder keeps its own books
in its own schema; this registry says which primary cooperatives it groups, so its officers see
them in the federation views."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SekunderMembership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        SUSPENDED = "suspended", _("Dibekukan")
        EXITED = "exited", _("Keluar")

    sekunder = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi sekunder"),
        on_delete=models.PROTECT,
        related_name="sekunder_memberships",
    )
    member = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi anggota"),
        on_delete=models.PROTECT,
        related_name="member_of_sekunder",
    )
    joined_on = models.DateField(_("tanggal bergabung"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    exited_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("keanggotaan koperasi sekunder")
        verbose_name_plural = pgettext_lazy("jamak", "keanggotaan koperasi sekunder")
        ordering = ["sekunder_id", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["sekunder", "member"], name="sekunder_member_unique"),
            models.CheckConstraint(
                condition=~models.Q(sekunder=models.F("member")), name="sekunder_not_own_member"
            ),
        ]
        indexes = [models.Index(fields=["sekunder", "status"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.sekunder}"


class SekunderInvitation(models.Model):
    """A sekunder's request that a primary cooperative join it. Nothing about the invited
    cooperative reaches the sekunder (not even whether the slug exists) until the member
    cooperative's ketua accepts; then the membership and the sekunder's member book row are
    written (``sekunder_invitation_accept``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", _("Ditolak")

    sekunder = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi sekunder"),
        on_delete=models.PROTECT,
        related_name="sekunder_invitations_sent",
    )
    # What the sekunder typed; ``member`` is the registry row when the slug names a primary.
    member_slug = models.CharField(_("slug koperasi"), max_length=63)
    member = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi anggota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sekunder_invitations_received",
    )
    joined_on = models.DateField(_("tanggal bergabung"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    invited_by_id = models.BigIntegerField(null=True, blank=True)
    decided_by_id = models.BigIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("undangan koperasi sekunder")
        verbose_name_plural = pgettext_lazy("jamak", "undangan koperasi sekunder")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sekunder", "member_slug"],
                condition=models.Q(status="pending"),
                name="sekunder_invitation_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_slug} → {self.sekunder} ({self.status})"
