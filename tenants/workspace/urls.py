"""The workspace (ruang kerja) at ``/`` of every cooperative host."""

from django.urls import path

from sokoguru.tenants.workspace.views import (
    audit,
    counter,
    health,
    home,
    loans,
    members,
    periods,
    reports,
)

app_name = "workspace"

urlpatterns = [
    path("", home.beranda, name="home"),
    path("masuk/", home.LoginView.as_view(), name="login"),
    path("keluar/", home.LogoutView.as_view(), name="logout"),
    path("anggota/", members.member_search, name="members"),
    path("anggota/baru/", members.member_new, name="member_new"),
    path("anggota/<int:member_id>/", members.member_detail, name="member"),
    path("anggota/<int:member_id>/unduh-data/", members.member_export, name="member_export"),
    path("anggota/<int:member_id>/buku/<str:kind>/", members.member_passbook, name="passbook"),
    path("kasir/<int:member_id>/", counter.counter, name="counter"),
    path("kasir/<int:member_id>/kuitansi/<str:key>/", counter.receipt, name="receipt"),
    path("kesehatan/", health.health_index, name="health"),
    path("kesehatan/kuesioner/", health.health_questionnaire, name="health_questionnaire"),
    path("kesehatan/hitung/", health.health_recompute, name="health_recompute"),
    path("pinjaman/", loans.loan_index, name="loans"),
    path("pinjaman/antrean/", loans.loan_queue, name="loan_queue"),
    path("pinjaman/ajukan/<int:member_id>/", loans.loan_new, name="loan_new"),
    path("pinjaman/<int:loan_id>/", loans.loan_detail, name="loan"),
    path("pinjaman/<int:loan_id>/setujui/", loans.loan_approve_view, name="loan_approve"),
    path("pinjaman/<int:loan_id>/tolak/", loans.loan_reject_view, name="loan_reject"),
    path("pinjaman/<int:loan_id>/cairkan/", loans.loan_disburse_view, name="loan_disburse"),
    path("pinjaman/<int:loan_id>/angsur/", loans.loan_repay_view, name="loan_repay"),
    path("pinjaman/<int:loan_id>/lunasi/", loans.loan_payoff_view, name="loan_payoff"),
    path(
        "pinjaman/<int:loan_id>/hapus-buku/",
        loans.loan_write_off_request_view,
        name="loan_write_off_request",
    ),
    path(
        "pinjaman/<int:loan_id>/hapus-buku/setujui/",
        loans.loan_write_off_approve_view,
        name="loan_write_off_approve",
    ),
    path("laporan/", reports.report_index, name="reports"),
    path("laporan/jurnal/", reports.journal, name="journal"),
    path("laporan/audit/", audit.audit_log, name="audit"),
    path("laporan/<slug:kind>/", reports.report, name="report"),
    path("periode/", periods.period_index, name="periods"),
    path("periode/ajukan/", periods.period_request, name="period_request"),
    path("periode/<int:period_id>/", periods.period_decide, name="period_decide"),
    path("anggaran-dasar/", periods.bylaws_index, name="bylaws"),
]
