from django.urls import path

from sokoguru.federation.reports import views

app_name = "reports"

urlpatterns = [
    path("dasbor/badan/<slug:slug>/laporan/", views.report_list, name="list"),
    path(
        "dasbor/badan/<slug:slug>/laporan/<int:job_id>/unduh/",
        views.report_download,
        name="download",
    ),
    path("dasbor/badan/<slug:slug>/laporan/email/", views.report_subscribe, name="subscribe"),
]
