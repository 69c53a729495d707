from django.contrib.auth import views as auth_views
from django.urls import path

from sokoguru.federation.dashboard import sekunder_views, views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/login/"), name="logout"),
    path(
        "dasbor/sekunder/<slug:slug>/ikhtisar/",
        sekunder_views.sekunder_overview,
        name="sekunder_overview",
    ),
    path("dasbor/<str:kind>/<slug:slug>/", views.body_dashboard, name="body"),
    path("dasbor/<str:kind>/<slug:slug>/peringatan/", views.alert_page, name="alerts"),
    path("dasbor/<str:kind>/<slug:slug>/kesehatan/", views.body_health, name="health"),
    path(
        "dasbor/<str:kind>/<slug:slug>/koperasi/<slug:cooperative>/",
        views.cooperative_detail,
        name="cooperative",
    ),
    path("persetujuan/<slug:cooperative>/", views.consent_page, name="consent"),
]
