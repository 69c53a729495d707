from django.urls import path

from sokoguru.federation.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("katalog/kelurahan/<str:code>/", views.kelurahan_page, name="kelurahan"),
    path("katalog/koperasi/<slug:slug>/", views.cooperative_page, name="cooperative"),
    path("katalog/produk/<int:item_id>/", views.product_page, name="product"),
]
