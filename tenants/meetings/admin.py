"""Meeting pages of the cooperative's admin until the workspace has its own: the record is
read-only here (it is written through the services); admin actions send the invitations, open
the meeting (quorum) and download the minutes, the attendance list and the report pack."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import ReadOnlyCooperativeModelAdmin, cooperative_admin_site
from sokoguru.platform.core.documents import PDF_TYPE, XLSX_TYPE, download
from sokoguru.platform.core.errors import SokoguruError, format_errors
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.meetings import documents
from sokoguru.tenants.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DinasReport,
    Invitation,
    Meeting,
)
from sokoguru.tenants.meetings.permissions import READ_ROLES
from sokoguru.tenants.meetings.services import meeting_invite, meeting_open


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    fields = ["position", "kind", "title", "shu_proposal_id"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AttendanceInline(AgendaInline):
    model = Attendance
    fields = ["member", "mode", "proxy_holder", "vote_weight"]


def _one(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Pilih satu rapat."), level=messages.ERROR)
        return None
    return queryset.first()


def _run(modeladmin, request, fn):
    try:
        return fn()
    except (SokoguruError, ValidationError) as exc:
        modeladmin.message_user(request, format_errors(exc), level=messages.ERROR)
        return None


@admin.register(Meeting, site=cooperative_admin_site)
class MeetingAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = [
        "kind",
        "fiscal_year",
        "date",
        "call_number",
        "mode",
        "status",
        "attendance_at_opening",
        "quorum_required",
        "chair_signed_on",
        "secretary_signed_on",
    ]
    list_filter = ["kind", "status", "fiscal_year"]
    inlines = [AgendaInline, AttendanceInline]
    actions = [
        "send_invitations",
        "open_meeting",
        "minutes_pdf",
        "attendance_pdf",
        "report_pack_pdf",
        "report_pack_xlsx",
    ]

    @admin.action(description=_("Kirim undangan kepada anggota"))
    def send_invitations(self, request, queryset):
        meeting = _one(self, request, queryset)
        result = meeting and _run(
            self,
            request,
            lambda: meeting_invite(
                meeting_id=meeting.pk, invited_on=cooperative_today(), invited_by_id=request.user.pk
            ),
        )
        if result:
            for warning in result.warnings:
                self.message_user(request, warning, level=messages.WARNING)
            self.message_user(
                request,
                _("Undangan terkirim: %(sent)s, tanpa alamat: %(skipped)s, gagal: %(failed)s.")
                % {"sent": result.sent, "skipped": result.skipped, "failed": result.failed},
            )

    @admin.action(description=_("Buka rapat (periksa kuorum)"))
    def open_meeting(self, request, queryset):
        meeting = _one(self, request, queryset)
        result = meeting and _run(
            self, request, lambda: meeting_open(meeting_id=meeting.pk, opened_by_id=request.user.pk)
        )
        if result:
            self.message_user(request, result.get_status_display())

    def _download(self, request, queryset, render, name: str, content_type: str):
        meeting = _one(self, request, queryset)
        if meeting is None:
            return None
        return download(
            render(meeting_id=meeting.pk),
            filename=f"{name}-{meeting.kind}-{meeting.fiscal_year}.{content_type}",
            content_type=PDF_TYPE if content_type == "pdf" else XLSX_TYPE,
        )

    @admin.action(description=_("Unduh berita acara (PDF)"))
    def minutes_pdf(self, request, queryset):
        return self._download(request, queryset, documents.minutes_pdf, "berita-acara", "pdf")

    @admin.action(description=_("Unduh daftar hadir (PDF)"))
    def attendance_pdf(self, request, queryset):
        return self._download(request, queryset, documents.attendance_pdf, "daftar-hadir", "pdf")

    @admin.action(description=_("Unduh laporan pertanggungjawaban (PDF)"))
    def report_pack_pdf(self, request, queryset):
        return self._download(request, queryset, documents.report_pack_pdf, "laporan", "pdf")

    @admin.action(description=_("Unduh laporan pertanggungjawaban (XLSX)"))
    def report_pack_xlsx(self, request, queryset):
        return self._download(request, queryset, documents.report_pack_xlsx, "laporan", "xlsx")


@admin.register(Decision, site=cooperative_admin_site)
class DecisionAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["number", "item", "method", "outcome", "votes_for", "votes_against"]
    list_filter = ["method", "outcome"]


@admin.register(Invitation, site=cooperative_admin_site)
class InvitationAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["meeting", "member", "channel", "address", "status", "sent_at"]
    list_filter = ["channel", "status"]


@admin.register(DinasReport, site=cooperative_admin_site)
class DinasReportAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = READ_ROLES
    list_display = ["meeting", "submitted_on", "reference", "status", "status_changed_on"]
    list_filter = ["status"]
