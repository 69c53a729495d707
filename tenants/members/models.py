"""Anggota: people (or, in a koperasi sekunder, member cooperatives), their status history,
the member-number counter and the officers (pengurus and pengawas) with their terms."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sokoguru.tenants.members.validators import nik_validator, phone_validator


class MemberNumberCounter(models.Model):
    """One row per cooperative: the last member number issued. Numbers are never reused; the
    row is locked (select_for_update) while a number is taken."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    prefix = models.CharField(_("awalan nomor anggota"), max_length=12)
    last_number = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor anggota")
        verbose_name_plural = pgettext_lazy("jamak", "penghitung nomor anggota")

    def __str__(self) -> str:
        return f"{self.prefix}-{self.last_number:04d}"


class Member(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Perorangan")
        COOPERATIVE = "cooperative", _("Koperasi (anggota koperasi sekunder)")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        FLAGGED = "flagged", _("Ditandai (tunggakan wajib)")
        INACTIVE = "inactive", _("Tidak aktif")
        EXITED = "exited", _("Keluar")
        DECEASED = "deceased", _("Meninggal dunia")

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    number = models.CharField(_("nomor anggota"), max_length=20, editable=False)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    # Looked up through member_nik_unique (partial: nik <> ""), no index of its own.
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    cooperative_id = models.BigIntegerField(
        _("koperasi anggota (id registri)"), null=True, blank=True
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    phone = models.CharField(_("telepon"), max_length=16, blank=True, validators=[phone_validator])
    joined_on = models.DateField(_("tanggal masuk"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INACTIVE
    )
    status_changed_on = models.DateField(_("status sejak"), null=True, blank=True)
    exited_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    anonymised_on = models.DateField(_("dianonimkan"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("anggota")
        verbose_name_plural = pgettext_lazy("jamak", "anggota")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="members_member_number_unique"),
            models.UniqueConstraint(fields=["nik"], condition=~Q(nik=""), name="member_nik_unique"),
            models.UniqueConstraint(
                fields=["cooperative_id"],
                condition=Q(cooperative_id__isnull=False),
                name="member_cooperative_unique",
            ),
            models.CheckConstraint(
                condition=(Q(kind="person") & ~Q(nik=""))
                | (Q(kind="cooperative") & Q(nik="") & Q(cooperative_id__isnull=False)),
                name="member_kind_identity",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="members_member_status_idx"),
            models.Index(fields=["nip"], name="members_member_nip_idx"),
            models.Index(fields=["full_name"], name="member_full_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.full_name}"

    @property
    def is_current(self) -> bool:
        """Still a member (not exited, not deceased)."""
        return self.status not in (self.Status.EXITED, self.Status.DECEASED)


class MemberStatusChange(models.Model):
    member = models.ForeignKey(
        Member, verbose_name=_("anggota"), on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(
        _("dari status"), max_length=10, choices=Member.Status.choices, blank=True
    )
    to_status = models.CharField(_("ke status"), max_length=10, choices=Member.Status.choices)
    changed_on = models.DateField(_("tanggal"))
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat status anggota")
        verbose_name_plural = pgettext_lazy("jamak", "riwayat status anggota")
        ordering = ["member_id", "changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_status or '-'} → {self.to_status}"


class Officer(models.Model):
    """A member serving as pengurus (ketua, sekretaris, bendahara) or pengawas for a term.
    ``ended_on`` is empty while the officer serves; at most one serving ketua (DB constraint)."""

    class Role(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        PENGAWAS = "pengawas", _("Pengawas")

    member = models.ForeignKey(
        Member, verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="officer_terms"
    )
    role = models.CharField(_("jabatan"), max_length=12, choices=Role.choices)
    term_start = models.DateField(_("awal masa jabatan"))
    term_end = models.DateField(_("akhir masa jabatan"))
    ended_on = models.DateField(
        _("berhenti pada"),
        null=True,
        blank=True,
        help_text=_("Kosong selama masih menjabat."),
    )
    decree = models.CharField(_("dasar pengangkatan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengurus/pengawas")
        verbose_name_plural = _("pengurus dan pengawas")
        ordering = ["role", "-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="ketua", ended_on__isnull=True),
                name="officer_one_active_ketua",
                violation_error_message=_("Sudah ada ketua yang sedang menjabat."),
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="officer_term_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.member}"
