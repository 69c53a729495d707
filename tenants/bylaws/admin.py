from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import CooperativeModelAdmin, cooperative_admin_site
from sokoguru.platform.core.admin import ServiceAdminMixin, ServiceForm
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.permissions import BYLAWS_ROLES
from sokoguru.tenants.bylaws.services import EDITABLE_FIELDS, bylaws_version_create


class BylawsVersionForm(ServiceForm):
    class Meta:
        model = BylawsVersion
        fields = list(EDITABLE_FIELDS)

    def perform(self, data):
        values = {name: data[name] for name in EDITABLE_FIELDS if name in data}
        effective_from = values.pop("effective_from")
        return bylaws_version_create(
            effective_from=effective_from,
            created_by_id=self.user_id,
            **values,
        )


@admin.register(BylawsVersion, site=cooperative_admin_site)
class BylawsVersionAdmin(ServiceAdminMixin, CooperativeModelAdmin):
    """A new version of the by-laws is added; versions in force are never edited."""

    form = BylawsVersionForm
    change_roles = BYLAWS_ROLES
    list_display = [
        "effective_from",
        "pokok_amount",
        "wajib_monthly_amount",
        "sukarela_monthly_rate",
        "wajib_flag_after_months",
        "wajib_inactive_after_months",
        "decided_at",
    ]
    ordering = ["-effective_from"]
    fieldsets = [
        (None, {"fields": ["effective_from", "decided_at", "fiscal_year_start_month"]}),
        (
            _("Simpanan"),
            {
                "fields": [
                    "pokok_amount",
                    "wajib_monthly_amount",
                    "sukarela_monthly_rate",
                    "sukarela_jasa_basis",
                    "wajib_flag_after_months",
                    "wajib_inactive_after_months",
                ]
            },
        ),
        (_("Data pribadi"), {"fields": ["personal_data_retention_years"]}),
        (
            _("Rapat Anggota Tahunan"),
            {
                "fields": [
                    "rat_quorum_percent",
                    "rat_quorum_more_than",
                    "rat_proxy_allowed",
                    "rat_proxy_limit",
                    "rat_second_call_min_days",
                    "rat_second_call_quorum_percent",
                    "rat_deadline_months",
                    "rat_documents_days_before",
                    "rat_documents_strict",
                    "rat_vote_weighting",
                ]
            },
        ),
        (
            _("Pembagian SHU (jumlah 100%)"),
            {
                "fields": [
                    "shu_cadangan_pct",
                    "shu_jasa_modal_pct",
                    "shu_jasa_usaha_pct",
                    "shu_pengurus_pct",
                    "shu_karyawan_pct",
                    "shu_pendidikan_pct",
                    "shu_sosial_pct",
                    "shu_pembangunan_daerah_pct",
                    "shu_lain_pct",
                    "shu_lain_name",
                    "shu_jma_basis",
                    "shu_exited_rule",
                    "shu_participation_sources",
                    "shu_payout_default",
                    "shu_withholding_rate",
                    "shu_withholding_threshold",
                ]
            },
        ),
        (
            _("Pembagian SHU dari usaha dengan non-anggota (jumlah 100%)"),
            {
                "fields": [
                    "shu_non_member_cadangan_pct",
                    "shu_non_member_pengurus_pct",
                    "shu_non_member_karyawan_pct",
                    "shu_non_member_pendidikan_pct",
                    "shu_non_member_sosial_pct",
                    "shu_non_member_pembangunan_daerah_pct",
                    "shu_non_member_lain_pct",
                ]
            },
        ),
        (
            _("Kebijakan pinjaman dan likuiditas"),
            {
                "fields": [
                    "loan_max_amount",
                    "loan_max_savings_multiple",
                    "loan_max_term_months",
                    "loan_max_active_per_member",
                    "min_liquidity_reserve",
                ]
            },
        ),
        (_("Usaha anggota"), {"fields": ["consignment_commission_pct"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return form

    def get_changeform_initial_data(self, request):
        """A new version starts from the one in force."""
        current = BylawsVersion.objects.order_by("-effective_from").first()
        if current is None:
            return super().get_changeform_initial_data(request)
        return {
            name: getattr(current, name)
            for name in EDITABLE_FIELDS
            if name not in ("effective_from", "decided_at")
        }

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
