"""Cooperatives created before this app get the two accounts its postings use (utang titipan
anggota, pendapatan komisi titip jual); new cooperatives get them from the standard chart."""

from django.db import migrations

ACCOUNTS = [
    ("2403", "Utang titipan anggota (titip jual)", "liability", "credit"),
    ("4202", "Pendapatan komisi titip jual", "income", "credit"),
]


def add_accounts(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    if not Account.objects.exists():
        return  # chart not installed yet: provisioning installs the full standard chart
    existing = set(Account.objects.values_list("code", flat=True))
    for code, name, type_, normal in ACCOUNTS:
        if code not in existing:
            Account.objects.create(
                code=code, name=name, type=type_, normal_balance=normal, is_standard=True
            )


class Migration(migrations.Migration):
    dependencies = [
        ("production", "0001_initial"),
        ("ledger", "0003_leg_account_index"),
    ]

    operations = [migrations.RunPython(add_accounts, migrations.RunPython.noop)]
