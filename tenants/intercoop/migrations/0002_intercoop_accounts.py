"""Cooperatives that existed before the inter-cooperative books: the accounts added to the
standard chart for them (penyertaan, jasa income and expense between cooperatives). New
cooperatives get them from ``chart_install``."""

from django.db import migrations

INTERCOOP_ACCOUNTS = ("1301", "4104", "5102")


def install(apps, schema_editor):
    from sokoguru.tenants.ledger.chart import STANDARD_CHART

    if schema_editor.connection.schema_name == "public":
        return
    Account = apps.get_model("ledger", "Account")
    if not Account.objects.exists():
        return  # a schema being built (template) or not provisioned yet: the hooks install
    Account.objects.bulk_create(
        [
            Account(code=code, name=name, type=type_, normal_balance=normal, is_standard=True)
            for code, name, type_, normal in STANDARD_CHART
            if code in INTERCOOP_ACCOUNTS
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("intercoop", "0001_initial"), ("ledger", "0003_leg_account_index")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
