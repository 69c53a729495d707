from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import CooperativeModelAdmin, cooperative_admin_site
from sokoguru.platform.core.admin import ReadOnlyInline, ServiceAdminMixin, ServiceForm
from sokoguru.tenants.members.models import Member, MemberStatusChange, Officer
from sokoguru.tenants.members.permissions import MEMBER_REGISTER_ROLES, OFFICER_ROLES
from sokoguru.tenants.members.services import (
    UPDATABLE_FIELDS,
    member_register,
    member_update,
    officer_assign,
)

REGISTER_FIELDS = ["full_name", "nik", "nip", "joined_on", "address", "rt", "rw", "phone"]


class MemberRegisterForm(ServiceForm):
    class Meta:
        model = Member
        fields = REGISTER_FIELDS
        help_texts = {
            "nik": _("16 digit; tanggal lahir perempuan ditambah 40."),
            "phone": _("Contoh: 0812-3456-7890 (disimpan sebagai +62…)."),
        }

    def perform(self, data):
        return member_register(
            full_name=data.get("full_name") or "",
            nik=data.get("nik") or "",
            joined_on=data.get("joined_on"),
            nip=data.get("nip") or "",
            address=data.get("address") or "",
            rt=data.get("rt") or "",
            rw=data.get("rw") or "",
            phone=data.get("phone") or "",
            created_by_id=self.user_id,
        )


class MemberUpdateForm(ServiceForm):
    class Meta:
        model = Member
        fields = list(UPDATABLE_FIELDS)

    def perform(self, data):
        changes = {name: data.get(name) or "" for name in self.changed_data}
        if not changes:
            return self.instance
        return member_update(member_id=self.instance.pk, created_by_id=self.user_id, **changes)


class StatusHistoryInline(ReadOnlyInline):
    model = MemberStatusChange
    fields = ["changed_on", "from_status", "to_status", "reason"]
    verbose_name_plural = _("Riwayat status")


class OfficerTermInline(ReadOnlyInline):
    model = Officer
    fields = ["role", "term_start", "term_end", "ended_on", "decree"]
    verbose_name_plural = _("Masa jabatan")


@admin.register(Member, site=cooperative_admin_site)
class MemberAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    change_roles = MEMBER_REGISTER_ROLES
    list_display = ["number", "full_name", "kind", "status", "joined_on", "phone", "rt", "rw"]
    list_filter = ["status", "kind", "rw"]
    search_fields = ["number", "full_name", "nik", "nip"]
    ordering = ["number"]
    list_per_page = 50
    inlines = [StatusHistoryInline, OfficerTermInline]
    readonly_on_change = [
        "number",
        "kind",
        "nik",
        "gender",
        "birth_date",
        "cooperative_id",
        "joined_on",
        "status",
        "status_changed_on",
        "exited_on",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = MemberUpdateForm if obj is not None else MemberRegisterForm
        kwargs["fields"] = list(UPDATABLE_FIELDS) if obj is not None else REGISTER_FIELDS
        form = super().get_form(request, obj, change=change, **kwargs)
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return REGISTER_FIELDS
        return self.readonly_on_change + list(UPDATABLE_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_on_change if obj is not None else []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # members leave through the exit settlement; the record stays


class OfficerAssignForm(ServiceForm):
    member = forms.ModelChoiceField(
        label=_("anggota"),
        queryset=Member.objects.filter(status=Member.Status.ACTIVE, kind=Member.Kind.PERSON),
    )

    class Meta:
        model = Officer
        fields = ["member", "role", "term_start", "term_end", "decree"]

    def perform(self, data):
        return officer_assign(
            member_id=data["member"].pk,
            role=data["role"],
            term_start=data["term_start"],
            term_end=data["term_end"],
            decree=data.get("decree") or "",
            created_by_id=self.user_id,
        )


@admin.register(Officer, site=cooperative_admin_site)
class OfficerAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    form = OfficerAssignForm
    change_roles = OFFICER_ROLES
    list_display = ["role", "member", "term_start", "term_end", "ended_on"]
    list_filter = ["role"]
    list_select_related = ["member"]
    ordering = ["role", "-term_start"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
