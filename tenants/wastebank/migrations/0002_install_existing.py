"""Cooperatives that existed before the waste bank: the waste-bank accounts of the standard
chart and the default catalogue (new cooperatives get both from their provisioning hooks)."""

from decimal import Decimal

from django.db import migrations

WASTE_ACCOUNTS = ("1152", "4302", "4303", "5302", "5303")


def install(apps, schema_editor):
    from sokoguru.tenants.ledger.chart import STANDARD_CHART
    from sokoguru.tenants.wastebank.services.catalogue import (
        DEFAULT_CATALOGUE,
        DEFAULT_PRICES_FROM,
    )

    if schema_editor.connection.schema_name == "public":
        return
    Account = apps.get_model("ledger", "Account")
    if not Account.objects.exists():
        return  # a schema being built (template) or not provisioned yet: the hooks install
    Account.objects.bulk_create(
        [
            Account(code=code, name=name, type=type_, normal_balance=normal, is_standard=True)
            for code, name, type_, normal in STANDARD_CHART
            if code in WASTE_ACCOUNTS
        ],
        ignore_conflicts=True,
    )
    Item = apps.get_model("wastebank", "WasteItem")
    if Item.objects.exists():
        return
    Category = apps.get_model("wastebank", "WasteCategory")
    Stock = apps.get_model("wastebank", "WasteStock")
    Price = apps.get_model("wastebank", "WastePrice")
    for c_order, (c_code, c_name, items) in enumerate(DEFAULT_CATALOGUE):
        category = Category.objects.create(code=c_code, name=c_name, sort_order=c_order)
        for order, (code, name, unit, buy, sell) in enumerate(items):
            item = Item.objects.create(
                category=category, code=code, name=name, unit=str(unit), sort_order=order
            )
            Stock.objects.create(item=item)
            Price.objects.create(
                item=item,
                effective_from=DEFAULT_PRICES_FROM,
                buy_price=Decimal(buy),
                sell_price=Decimal(sell),
            )


class Migration(migrations.Migration):
    dependencies = [("wastebank", "0001_initial"), ("ledger", "0003_leg_account_index")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
