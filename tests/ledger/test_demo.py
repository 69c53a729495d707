from datetime import date
from decimal import Decimal

from django.db import connection

from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.demo import seed
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.statements import balance_sheet, income_statement, trial_balance
from tests.ledger.support import raw


def test_demo_gives_a_year_of_balanced_history_and_is_idempotent(coop_a, coop_b):
    # given
    ctx = DemoContext(today=date(2026, 11, 22), cooperatives=[coop_a, coop_b], log=lambda _: None)
    # when
    seed(ctx=ctx)
    seed(ctx=ctx)
    # then
    for cooperative in (coop_a, coop_b):
        connection.set_tenant(cooperative)
        count = JournalTransaction.objects.count()
        # every month: its own costs, bank interest and the bank's fee
        assert count > 12 * 4
        assert JournalTransaction.objects.filter(source_kind="ledger.demo").count() == count
        first, last = raw("SELECT min(date), max(date) FROM ledger_journaltransaction")[0]
        assert (first, last) == (date(2025, 11, 1), date(2026, 10, 31))
        tb = trial_balance(as_of=last)
        assert tb["debit"] == tb["credit"]
        sheet = balance_sheet(as_of=last)
        assert sheet["assets"] == sheet["liabilities"] + sheet["equity"]
        assert account_balance(account=chart.HIBAH) > 0
        assert account_balance(account=chart.BANK) == account_balance(account="1102.01")
        # cash never overdrawn on any day
        assert raw(
            """SELECT count(*) FROM (
                 SELECT date, sum(sum(debit - credit)) OVER (ORDER BY date) AS running
                   FROM ledger_journalleg WHERE account_code = %s GROUP BY date) s
               WHERE running < 0""",
            [chart.CASH],
        ) == [(0,)]
        connection.set_schema_to_public()
    connection.set_tenant(coop_b)
    assert account_balance(account=chart.CADANGAN) > Decimal("10000000.00")
    connection.set_tenant(coop_a)
    # an RW cooperative's own costs for the year fit what it earns: tens of thousands of rupiah
    # a month, one honorarium and one annual meeting
    year = income_statement(start=date(2025, 11, 1), end=date(2026, 10, 31))
    assert Decimal("500000") <= year["expenses"] <= Decimal("2500000")
    assert JournalTransaction.objects.filter(description__startswith="Honorarium").count() == 1
    assert JournalTransaction.objects.filter(description__startswith="Biaya Rapat").count() == 1
