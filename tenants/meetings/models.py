"""The members' meeting (Rapat Anggota Tahunan, RAT, and Rapat Anggota Luar Biasa, RALB):
invitation, agenda, attendance and quorum, decisions with their tallies, election results, the
work plan and budget (RAPB) with its lines, the signed minutes and the report to the dinas
(UU 25/1992 arts. 22–26, 35–36)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ZERO = Decimal("0")


class Meeting(models.Model):
    class Kind(models.TextChoices):
        RAT = "rat", _("Rapat Anggota Tahunan (RAT)")
        RALB = "ralb", _("Rapat Anggota Luar Biasa (RALB)")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Tatap muka")
        ONLINE = "online", _("Daring")
        HYBRID = "hybrid", _("Hibrida (tatap muka dan daring)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        INVITED = "invited", _("Undangan terkirim")
        OPEN = "open", _("Sedang berlangsung")
        POSTPONED = "postponed", _("Ditunda (tidak kuorum)")
        HELD = "held", _("Terlaksana")

    kind = models.CharField(_("jenis rapat"), max_length=8, choices=Kind.choices)
    fiscal_year = models.PositiveSmallIntegerField(
        _("tahun buku"), validators=[MinValueValidator(2000)]
    )
    date = models.DateField(_("tanggal rapat"))
    place = models.CharField(_("tempat"), max_length=200)
    online_link = models.URLField(_("tautan rapat daring"), blank=True)
    mode = models.CharField(_("cara rapat"), max_length=10, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    call_number = models.PositiveSmallIntegerField(_("panggilan ke"), default=1)
    first_call = models.OneToOneField(
        "self",
        verbose_name=_("rapat panggilan pertama"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_call",
    )
    documents_ready_on = models.DateField(
        _("agenda dan laporan tahunan tersedia sejak"), null=True, blank=True
    )
    annual_report = models.FileField(
        _("laporan tahunan"), upload_to="meetings/annual_reports/", blank=True
    )
    invited_on = models.DateField(_("undangan dikirim"), null=True, blank=True)
    members_eligible = models.PositiveIntegerField(_("anggota yang berhak hadir"), default=0)
    quorum_required = models.PositiveIntegerField(_("kuorum (anggota)"), default=0)
    attendance_at_opening = models.PositiveIntegerField(_("hadir saat dibuka"), default=0)
    quorum_reached = models.BooleanField(_("kuorum tercapai"), null=True, blank=True)
    chair = models.ForeignKey(
        "members.Member",
        verbose_name=_("pimpinan rapat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary = models.ForeignKey(
        "members.Member",
        verbose_name=_("sekretaris rapat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    chair_signed_on = models.DateField(_("ditandatangani pimpinan"), null=True, blank=True)
    secretary_signed_on = models.DateField(_("ditandatangani sekretaris"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    created_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapat anggota")
        verbose_name_plural = pgettext_lazy("jamak", "rapat anggota")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(call_number__in=[1, 2]), name="meeting_call_number"),
        ]
        indexes = [models.Index(fields=["status"], name="meetings_meeting_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.fiscal_year} ({self.date:%d-%m-%Y})"

    @property
    def minutes_signed(self) -> bool:
        return self.chair_signed_on is not None and self.secretary_signed_on is not None


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        ACCOUNTABILITY = "accountability", _("Laporan pertanggungjawaban pengurus")
        SUPERVISOR = "supervisor", _("Laporan pengawas")
        STATEMENTS = "statements", _("Laporan keuangan")
        SHU = "shu", _("Pembagian SHU")
        RAPB = "rapb", _("Rencana kerja dan RAPB")
        ELECTION = "election", _("Pemilihan pengurus/pengawas")
        OTHER = "other", _("Lain-lain")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("rapat"),
        on_delete=models.CASCADE,
        related_name="agenda",
        db_index=False,
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis acara"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("acara"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    shu_proposal_id = models.PositiveIntegerField(
        _("usulan SHU (id)"), null=True, blank=True, help_text=_("Usulan pembagian SHU.")
    )

    class Meta:
        verbose_name = _("acara rapat")
        verbose_name_plural = pgettext_lazy("jamak", "acara rapat")
        ordering = ["meeting_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Hadir langsung")
        ONLINE = "online", _("Hadir daring")
        PROXY = "proxy", _("Diwakili (kuasa)")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("rapat"),
        on_delete=models.CASCADE,
        related_name="attendance",
        db_index=False,
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("kehadiran"), max_length=10, choices=Mode.choices)
    proxy_holder = models.ForeignKey(
        "members.Member",
        verbose_name=_("pemegang kuasa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    vote_weight = models.DecimalField(
        _("bobot suara"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(ZERO)],
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = pgettext_lazy("jamak", "kehadiran")
        ordering = ["meeting_id", "member__number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
            models.CheckConstraint(
                condition=(Q(mode="proxy") & Q(proxy_holder__isnull=False))
                | (~Q(mode="proxy") & Q(proxy_holder__isnull=True)),
                name="attendance_proxy_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_mode_display()}"


class Decision(models.Model):
    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Musyawarah mufakat")
        VOTE = "vote", _("Pemungutan suara")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        NOTED = "noted", _("Diterima sebagai laporan")

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("acara"), on_delete=models.CASCADE, related_name="decision"
    )
    number = models.CharField(_("nomor keputusan"), max_length=60)
    method = models.CharField(_("cara pengambilan"), max_length=10, choices=Method.choices)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    text = models.TextField(_("bunyi keputusan"))
    votes_for = models.DecimalField(_("suara setuju"), max_digits=14, decimal_places=2, default=0)
    votes_against = models.DecimalField(
        _("suara tidak setuju"), max_digits=14, decimal_places=2, default=0
    )
    votes_abstain = models.DecimalField(
        _("suara abstain"), max_digits=14, decimal_places=2, default=0
    )
    shu_proposal_id = models.PositiveIntegerField(_("usulan SHU (id)"), null=True, blank=True)
    shu_recorded_at = models.DateTimeField(_("keputusan SHU diteruskan"), null=True, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"))
    decided_by_id = models.BigIntegerField(_("dicatat oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("keputusan rapat")
        verbose_name_plural = pgettext_lazy("jamak", "keputusan rapat")
        ordering = ["item__meeting_id", "item__position"]

    def __str__(self) -> str:
        return f"{self.number}: {self.get_outcome_display()}"


class ElectionResult(models.Model):
    """One elected officer: the term created in the members app (``officer_id``)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("keputusan"), on_delete=models.CASCADE, related_name="elected"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("terpilih"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("jabatan"), max_length=12)
    votes = models.DecimalField(_("perolehan suara"), max_digits=14, decimal_places=2, default=0)
    term_start = models.DateField(_("awal masa jabatan"))
    term_end = models.DateField(_("akhir masa jabatan"))
    officer_id = models.BigIntegerField(_("masa jabatan (id)"), null=True, blank=True)

    class Meta:
        verbose_name = _("hasil pemilihan")
        verbose_name_plural = pgettext_lazy("jamak", "hasil pemilihan")
        ordering = ["decision_id", "role", "id"]

    def __str__(self) -> str:
        return f"{self.role}: {self.member}"


class BudgetPlan(models.Model):
    """The work plan and budget (RAPB) a RAT approved for a fiscal year."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("keputusan"), on_delete=models.CASCADE, related_name="budget"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"), unique=True)

    class Meta:
        verbose_name = _("RAPB")
        verbose_name_plural = pgettext_lazy("jamak", "RAPB")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"RAPB {self.fiscal_year}"


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        INCOME = "income", _("Pendapatan")
        EXPENSE = "expense", _("Beban")

    plan = models.ForeignKey(
        BudgetPlan,
        verbose_name=_("RAPB"),
        on_delete=models.CASCADE,
        related_name="lines",
        db_index=False,
    )
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    account_code = models.CharField(_("kode akun"), max_length=20)
    label = models.CharField(_("uraian"), max_length=200)
    amount = models.DecimalField(
        _("anggaran (Rp)"), max_digits=18, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("baris RAPB")
        verbose_name_plural = pgettext_lazy("jamak", "baris RAPB")
        ordering = ["plan_id", "kind", "account_code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "account_code"], name="budget_line_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account_code} {self.label}"


class Invitation(models.Model):
    """One invitation to one member over one channel (WhatsApp, email, log)."""

    class Status(models.TextChoices):
        SENT = "sent", _("Terkirim")
        SKIPPED = "skipped", _("Tidak ada alamat")
        FAILED = "failed", _("Gagal")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("rapat"),
        on_delete=models.CASCADE,
        related_name="invitations",
        db_index=False,
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("saluran"), max_length=20)
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    reference = models.CharField(_("referensi"), max_length=100, blank=True)
    error = models.CharField(_("galat"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = pgettext_lazy("jamak", "undangan")
        ordering = ["meeting_id", "member_id", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "channel"], name="invitation_once_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} via {self.channel}: {self.status}"


class DinasReport(models.Model):
    """The RAT report sent to the cooperative office (dinas): due within one month."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Dikirim")
        ACCEPTED = "accepted", _("Diterima dinas")
        RETURNED = "returned", _("Dikembalikan untuk diperbaiki")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("rapat"), on_delete=models.PROTECT, related_name="dinas_report"
    )
    submitted_on = models.DateField(_("tanggal kirim"))
    reference = models.CharField(_("nomor surat / tanda terima"), max_length=100)
    file = models.FileField(_("berkas laporan"), upload_to="meetings/dinas_reports/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    status_changed_on = models.DateField(_("status sejak"))
    note = models.CharField(_("catatan dinas"), max_length=255, blank=True)
    submitted_by_id = models.BigIntegerField(_("dikirim oleh (id pengguna)"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan RAT ke dinas")
        verbose_name_plural = pgettext_lazy("jamak", "laporan RAT ke dinas")
        ordering = ["-submitted_on"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.submitted_on:%d-%m-%Y})"
