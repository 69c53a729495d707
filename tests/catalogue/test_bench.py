from sokoguru.federation.catalogue.bench import run
from sokoguru.federation.catalogue.models import CatalogueItem
from sokoguru.platform.tenancy.models import Cooperative


def test_catalogue_bench_runs_small_and_leaves_nothing_behind(coop_a):
    result = run(tenants=3, rounds=2, products=5)
    assert result["name"] == "catalogue"
    assert result["results"]["kelurahan_p95_s"] > 0
    assert result["results"]["product_p95_s"] > 0
    assert result["info"]["catalogue"] == "3 cooperatives × 5 products = 15"
    assert not Cooperative.objects.filter(slug__startswith="bench-cat-").exists()
    assert not CatalogueItem.objects.exists()
