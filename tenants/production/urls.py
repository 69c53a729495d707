from django.urls import path

from sokoguru.tenants.production import views

app_name = "production"

urlpatterns = [
    path("", views.business_list, name="entry-list"),
    path("<int:business_id>/", views.business_entry, name="entry"),
]
