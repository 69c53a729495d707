"""The public catalogue lists only published products of opted-in cooperatives — through every
page, filter and URL — reads the public projection only, and costs a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test import Client

from sokoguru.federation.catalogue.models import CatalogueItem, CatalogueOptInLog
from sokoguru.federation.catalogue.services import (
    catalogue_changed_ids,
    catalogue_opt_in_set,
    catalogue_publish,
)
from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.production.services import product_update
from tests.fixtures.tenancy import HARAPAN_JAYA, MEDAN_PETISAH

HOST = {"HTTP_HOST": "localhost"}
NEVER = ("Rahasia dapur", "Kangkung pegawai")


def _get(url, **params):
    response = Client().get(url, params, **HOST)
    return response


def _all_public_pages(catalogue, coop_a, coop_b):
    ids = list(CatalogueItem.objects.values_list("pk", flat=True))
    urls = [
        f"/katalog/kelurahan/{HARAPAN_JAYA}/",
        f"/katalog/kelurahan/{MEDAN_PETISAH}/",
        f"/katalog/koperasi/{coop_a.slug}/",
        f"/katalog/koperasi/{coop_b.slug}/",
    ] + [f"/katalog/produk/{i}/" for i in ids]
    out = []
    for url in urls:
        for params in ({}, {"q": "kangkung"}, {"q": "rahasia"}, {"jenis": "hidroponik"}):
            response = _get(url, **params)
            out.append((url, params, response.status_code, response.content.decode()))
    return out


def test_only_published_products_of_opted_in_cooperatives_appear(catalogue, coop_a, coop_b):
    # then the projection holds only A's published product
    assert list(CatalogueItem.objects.values_list("name", flat=True)) == ["Selada hijau"]
    # and no page, filter or URL shows the others
    pages = _all_public_pages(catalogue, coop_a, coop_b)
    for url, params, _status, body in pages:
        for name in NEVER:
            assert name not in body, (url, params)
    kel = _get(f"/katalog/kelurahan/{HARAPAN_JAYA}/")
    assert kel.status_code == 200 and "Selada hijau" in kel.content.decode()
    assert _get(f"/katalog/koperasi/{coop_b.slug}/").status_code == 404


def test_unpublishing_or_opting_out_removes_the_product_everywhere(catalogue, coop_a, ketua_ab):
    item = CatalogueItem.objects.get()
    # when A unpublishes it and the refresher republishes
    connection.set_tenant(coop_a)
    product_update(
        product_id=catalogue["a"]["Selada hijau"].pk, is_published=False, updated_by_id=ketua_ab.pk
    )
    connection.set_schema_to_public()
    catalogue_publish(cooperative=coop_a)
    # then
    assert _get(f"/katalog/produk/{item.pk}/").status_code == 404
    assert "Selada hijau" not in _get(f"/katalog/kelurahan/{HARAPAN_JAYA}/").content.decode()

    # when it is published again, then A opts out
    connection.set_tenant(coop_a)
    product_update(
        product_id=catalogue["a"]["Selada hijau"].pk, is_published=True, updated_by_id=ketua_ab.pk
    )
    connection.set_schema_to_public()
    catalogue_publish(cooperative=coop_a)
    again = CatalogueItem.objects.get()
    assert _get(f"/katalog/produk/{again.pk}/").status_code == 200
    catalogue_opt_in_set(cooperative=coop_a, enabled=False, user=ketua_ab)
    # then it is gone at once, and stays gone when the refresher runs
    assert _get(f"/katalog/produk/{again.pk}/").status_code == 404
    catalogue_publish(cooperative=coop_a)
    assert not CatalogueItem.objects.exists()
    assert list(CatalogueOptInLog.objects.values_list("is_opted_in", flat=True)) == [False, True]


def test_opted_out_rows_never_show_even_before_the_refresher(catalogue, coop_a, ketua_ab):
    # given a stale row of an opted-out cooperative (as if the delete had not happened yet)
    from sokoguru.federation.catalogue.models import CatalogueOptIn

    item = CatalogueItem.objects.get()
    CatalogueOptIn.objects.filter(cooperative=coop_a).update(is_opted_in=False)
    # then
    assert _get(f"/katalog/produk/{item.pk}/").status_code == 404
    assert "Selada hijau" not in _get(f"/katalog/kelurahan/{HARAPAN_JAYA}/").content.decode()


def test_a_product_change_marks_the_cooperative_for_the_refresher(
    catalogue, coop_a, ketua_ab, django_capture_on_commit_callbacks
):
    # given A was just published
    assert coop_a.pk not in catalogue_changed_ids()
    # when a price changes (callbacks run as at commit)
    connection.set_tenant(coop_a)
    connection.run_on_commit.clear()  # the fixture's writes count as committed before this
    with django_capture_on_commit_callbacks(execute=True):
        product_update(
            product_id=catalogue["a"]["Selada hijau"].pk,
            description="Segar dipetik pagi",
            updated_by_id=ketua_ab.pk,
        )
    connection.set_schema_to_public()
    # then the refresher picks A up, and after publishing not any more
    assert coop_a.pk in catalogue_changed_ids()
    catalogue_publish(cooperative=coop_a)
    assert coop_a.pk not in catalogue_changed_ids()
    assert CatalogueItem.objects.get().description == "Segar dipetik pagi"


def test_only_the_ketua_switches_the_catalogue(coop_a, make_user):
    kasir = make_user(roles={coop_a: "kasir"})
    with pytest.raises(PermissionDenied):
        catalogue_opt_in_set(cooperative=coop_a, enabled=True, user=kasir)
    assert not CatalogueOptInLog.objects.exists()


def test_product_page_has_open_graph_tags_and_whatsapp_text(catalogue, coop_a):
    from sokoguru.federation.catalogue.models import CatalogueState

    CatalogueState.objects.filter(cooperative=coop_a).update(contact_phone="0812-3456-7890")
    item = CatalogueItem.objects.get()
    body = _get(f"/katalog/produk/{item.pk}/").content.decode()
    assert '<meta property="og:title" content="Selada hijau — Rp 12.000">' in body
    assert f'<meta property="og:url" content="http://localhost/katalog/produk/{item.pk}/">' in body
    assert "https://wa.me/6281234567890?text=" in body
    share = re.search(r'href="https://wa.me/\?text=([^"]+)"', body).group(1)
    assert "Rp%2012.000%2Fikat" in share and "0812-3456-7890" in share


def test_search_and_kind_filter(catalogue):
    url = f"/katalog/kelurahan/{HARAPAN_JAYA}/"
    assert "Selada hijau" in _get(url, q="selada").content.decode()
    assert "Selada hijau" not in _get(url, q="tomat").content.decode()
    assert "Selada hijau" not in _get(url, jenis="toga").content.decode()


def test_public_pages_read_no_tenant_schema_and_fixed_queries(
    catalogue, coop_a, ketua_ab, django_assert_num_queries
):
    from tests.catalogue.conftest import seed_products

    url = f"/katalog/kelurahan/{HARAPAN_JAYA}/"
    _get(url)  # the host → schema cache is warm in steady state
    # a page costs the search path, region, count and one list query — never a tenant schema
    with django_assert_num_queries(4) as ctx:
        _get(url, q="selada")
    assert not any("k_coop" in q["sql"] for q in ctx.captured_queries)
    item = CatalogueItem.objects.get()
    with django_assert_num_queries(2):
        _get(f"/katalog/produk/{item.pk}/")
    # and the same with a full page of products
    seed_products(coop_a, ketua_ab, [(f"Sayur {i}", True) for i in range(30)])
    catalogue_publish(cooperative=coop_a)
    with django_assert_num_queries(4):
        _get(url)
