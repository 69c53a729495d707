"""SHU in the cooperative admin: proposals with their allocation and members' shares (read
only; written through the services), with actions to distribute, pay into sukarela and download
the slips (PDF) and the distribution (XLSX); the non-member income accounts; fund movements."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sokoguru.platform.admin_sites import (
    CooperativeModelAdmin,
    ReadOnlyCooperativeModelAdmin,
    cooperative_admin_site,
)
from sokoguru.platform.core.documents import PDF_TYPE, XLSX_TYPE, download
from sokoguru.platform.core.errors import SokoguruError, format_errors
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.shu.documents import shu_distribution_xlsx, shu_slips_pdf
from sokoguru.tenants.shu.models import (
    NonMemberIncomeAccount,
    ShuFundMovement,
    ShuPool,
    ShuProposal,
    ShuShare,
)
from sokoguru.tenants.shu.permissions import VIEW_ROLES
from sokoguru.tenants.shu.services import shu_distribute, shu_payout


class ShuPoolInline(admin.TabularInline):
    model = ShuPool
    extra = 0
    can_delete = False
    fields = ["label", "member_percent", "member_amount", "non_member_amount", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _run(modeladmin, request, fn, describe) -> None:
    from django.core.exceptions import ValidationError

    try:
        with transaction.atomic():
            result = fn()
    except (SokoguruError, ValidationError) as exc:
        modeladmin.message_user(request, format_errors(exc), level=messages.ERROR)
    else:
        modeladmin.message_user(request, describe(result), level=messages.SUCCESS)


@admin.register(ShuProposal, site=cooperative_admin_site)
class ShuProposalAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = VIEW_ROLES
    list_display = [
        "fiscal_year",
        "status",
        "shu",
        "member_part",
        "non_member_part",
        "decided_on",
        "decision_reference",
        "distributed_on",
    ]
    readonly_fields = [f.name for f in ShuProposal._meta.fields]
    inlines = [ShuPoolInline]
    actions = ["distribute_today", "pay_into_sukarela_today", "download_slips", "download_xlsx"]

    @admin.action(description=_("Bagikan SHU hari ini (bukan oleh pengusul)"))
    def distribute_today(self, request, queryset):
        for proposal in queryset:
            _run(
                self,
                request,
                lambda p=proposal: shu_distribute(
                    proposal_id=p.pk,
                    distributed_on=cooperative_today(),
                    distributed_by_id=request.user.pk,
                ),
                lambda p: f"SHU {p.fiscal_year}: {p.get_status_display()}",
            )

    @admin.action(description=_("Bayarkan SHU ke simpanan sukarela hari ini"))
    def pay_into_sukarela_today(self, request, queryset):
        for proposal in queryset:
            _run(
                self,
                request,
                lambda p=proposal: shu_payout(
                    proposal_id=p.pk,
                    paid_on=cooperative_today(),
                    paid_by_id=request.user.pk,
                    via=ShuShare.Payout.SUKARELA,
                ),
                lambda r: (
                    f"{len(r['paid'])} anggota dibayar, {len(r['skipped'])} menunggu "
                    "pembayaran tunai."
                ),
            )

    @admin.action(description=_("Unduh slip SHU semua anggota (PDF)"))
    def download_slips(self, request, queryset):
        proposal = queryset.order_by("-fiscal_year").first()
        content = shu_slips_pdf(proposal_id=proposal.pk, user_id=request.user.pk)
        return download(
            content, filename=f"slip-shu-{proposal.fiscal_year}.pdf", content_type=PDF_TYPE
        )

    @admin.action(description=_("Unduh pembagian SHU (XLSX)"))
    def download_xlsx(self, request, queryset):
        proposal = queryset.order_by("-fiscal_year").first()
        content = shu_distribution_xlsx(proposal_id=proposal.pk, user_id=request.user.pk)
        return download(
            content, filename=f"pembagian-shu-{proposal.fiscal_year}.xlsx", content_type=XLSX_TYPE
        )


@admin.register(ShuShare, site=cooperative_admin_site)
class ShuShareAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = VIEW_ROLES
    list_display = [
        "member_number",
        "member_name",
        "jasa_modal",
        "jasa_usaha",
        "gross",
        "withheld",
        "net",
        "payout",
        "paid_on",
    ]
    list_filter = ["proposal__fiscal_year", "payout"]
    search_fields = ["member_number", "member_name"]


@admin.register(ShuFundMovement, site=cooperative_admin_site)
class ShuFundMovementAdmin(ReadOnlyCooperativeModelAdmin):
    view_roles = VIEW_ROLES
    list_display = ["date", "fund", "kind", "status", "amount", "purpose"]
    list_filter = ["fund", "kind", "status"]


@admin.register(NonMemberIncomeAccount, site=cooperative_admin_site)
class NonMemberIncomeAccountAdmin(CooperativeModelAdmin):
    change_roles = frozenset({"ketua", "bendahara"})
    list_display = ["account_code", "note"]
