from datetime import date
from decimal import Decimal

from django.db import connection

from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.demo import seed
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance, balance_sheet, trial_balance
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
        assert count > 60
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
