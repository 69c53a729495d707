"""The financial statements: trial balance (neraca saldo), balance sheet (neraca), income
statement (perhitungan hasil usaha), cash flow and changes in equity.

Amounts are ``Decimal``. Statements are computed from the legs in one grouped query (plus the
tiny chart), for the requested dates and the same dates a year earlier. The year is the
cooperative's fiscal year (``fiscal.fiscal_year_start``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal

from django.db import connection

from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import fiscal_year_start
from sokoguru.tenants.ledger.models import Account, FiscalPeriod
from sokoguru.tenants.ledger.selectors import balance_of, code_under

ZERO = Decimal("0.00")
CASH_ACCOUNTS = (chart.CASH, chart.BANK)
# A settlement that moves no money but is booked through cash in two journals (a loan paid off
# out of the savings of a member who leaves: the loan journal receives into cash, the savings
# settlement pays the whole savings out of it) marks the receiving journal with a source kind
# ending in OFFSET_SUFFIX. The cash flow leaves such offsets out (SAK EP: non-cash) and lists
# them in a note.
OFFSET_SUFFIX = "_offset"
NON_CASH_LINE = "Simpanan diperhitungkan dengan pinjaman (non-kas)"


# --- Statement machinery ------------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    """A sum over legs: ``measure`` is net (debit - credit), debit or credit; dates inclusive
    (None = unbounded); closing entries excluded when ``exclude_closing``; only closing
    entries when ``only_closing``."""

    start: Date | None
    end: Date | None
    measure: str = "net"
    exclude_closing: bool = False
    only_closing: bool = False


def _closing_ids() -> list[int]:
    return list(
        FiscalPeriod.objects.filter(closing_transaction__isnull=False).values_list(
            "closing_transaction_id", flat=True
        )
    )


def _sums(buckets: dict[str, Bucket]) -> dict[str, dict[str, Decimal]]:
    """{account_code: {bucket: amount}} in one scan of the legs."""
    closing = (
        _closing_ids() if any(b.exclude_closing or b.only_closing for b in buckets.values()) else []
    )
    selects = []
    params: list = []
    for bucket in buckets.values():
        conditions = []
        if bucket.start is not None:
            conditions.append("l.date >= %s")
            params.append(bucket.start)
        if bucket.end is not None:
            conditions.append("l.date <= %s")
            params.append(bucket.end)
        if bucket.exclude_closing and closing:
            conditions.append("NOT (l.transaction_id = ANY(%s))")
            params.append(closing)
        if bucket.only_closing:
            conditions.append("l.transaction_id = ANY(%s)")
            params.append(closing)
        expr = {"net": "l.debit - l.credit", "debit": "l.debit", "credit": "l.credit"}[
            bucket.measure
        ]
        when = " AND ".join(conditions) or "TRUE"
        selects.append(f"coalesce(sum(CASE WHEN {when} THEN {expr} END), 0)")
    where = []
    ends = [b.end for b in buckets.values()]
    if all(e is not None for e in ends):
        where.append("l.date <= %s")
        params.append(max(ends))
    starts = [b.start for b in buckets.values()]
    if all(s is not None for s in starts):
        where.append("l.date >= %s")
        params.append(min(starts))
    sql = (
        f"SELECT l.account_code, {', '.join(selects)} FROM ledger_journalleg l "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} GROUP BY l.account_code"
    )
    names = list(buckets)
    out: dict[str, dict[str, Decimal]] = {}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for code, *values in cur.fetchall():
            out[code] = {
                name: Decimal(v).quantize(ZERO) for name, v in zip(names, values, strict=True)
            }
    return out


def _accounts() -> dict[str, Account]:
    return {a.code: a for a in Account.objects.order_by("code")}


def previous_year(day: Date) -> Date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _side(account_type: str) -> int:
    """+1 when the type's natural side is debit (assets, expenses)."""
    return 1 if account_type in (chart.ASSET, chart.EXPENSE) else -1


def _line(account: Account, amount: Decimal, previous: Decimal | None) -> dict:
    return {
        "code": account.code,
        "name": account.name,
        "type": account.type,
        "amount": amount,
        "previous_amount": previous,
    }


# --- Trial balance (neraca saldo) ---------------------------------------------------------


def trial_balance(*, as_of: Date, compare: bool = False) -> dict:
    """Neraca saldo: every account's debit or credit balance on ``as_of``. A year-end closing
    entry dated ``as_of`` is left out (the trial balance before closing)."""
    require_tenant_schema()
    prev = previous_year(as_of)
    buckets = {
        "now": Bucket(None, as_of),
        "now_closing": Bucket(as_of, as_of, only_closing=True),
    }
    if compare:
        buckets["prev"] = Bucket(None, prev)
        buckets["prev_closing"] = Bucket(prev, prev, only_closing=True)
    sums = _sums(buckets)
    accounts = _accounts()
    lines = []
    totals = {"debit": ZERO, "credit": ZERO, "previous_debit": ZERO, "previous_credit": ZERO}
    for code, account in accounts.items():
        row = sums.get(code)
        if row is None:
            continue
        net = row["now"] - row["now_closing"]
        prev_net = row["prev"] - row["prev_closing"] if compare else None
        if net == 0 and not prev_net:
            continue
        line = {
            "code": code,
            "name": account.name,
            "type": account.type,
            "debit": net if net > 0 else ZERO,
            "credit": -net if net < 0 else ZERO,
            "previous_debit": (prev_net if prev_net > 0 else ZERO) if compare else None,
            "previous_credit": (-prev_net if prev_net < 0 else ZERO) if compare else None,
        }
        totals["debit"] += line["debit"]
        totals["credit"] += line["credit"]
        if compare:
            totals["previous_debit"] += line["previous_debit"]
            totals["previous_credit"] += line["previous_credit"]
        lines.append(line)
    return {
        "as_of": as_of,
        "previous_as_of": prev if compare else None,
        "lines": lines,
        "debit": totals["debit"],
        "credit": totals["credit"],
        "previous_debit": totals["previous_debit"] if compare else None,
        "previous_credit": totals["previous_credit"] if compare else None,
    }


# --- Balance sheet (neraca) ---------------------------------------------------------------


def balance_sheet(*, as_of: Date, compare: bool = False) -> dict:
    """Neraca on ``as_of``: assets = liabilities + equity, where equity includes the current
    year's SHU (income - expenses since the fiscal year began, 1 January by default) and any
    earlier year not yet closed."""
    require_tenant_schema()
    dates = {"now": as_of}
    if compare:
        dates["prev"] = previous_year(as_of)
    buckets: dict[str, Bucket] = {}
    for key, day in dates.items():
        buckets.update(_balance_sheet_buckets(key, day, fiscal_year_start(day)))
    return _balance_sheet(_sums(buckets), _accounts(), dates)


def _balance_sheet_buckets(key: str, day: Date, year_start: Date) -> dict[str, Bucket]:
    """The sums a balance sheet on ``day`` needs, named ``<key>_…``."""
    return {
        f"{key}_to_date": Bucket(None, day),
        f"{key}_before_year": Bucket(None, year_start - timedelta(days=1)),
    }


def _balance_sheet(
    sums: dict[str, dict[str, Decimal]], accounts: dict[str, Account], dates: dict[str, Date]
) -> dict:
    """The neraca from the sums of ``_balance_sheet_buckets`` for ``dates`` ("now", and "prev"
    when compared)."""
    compare = "prev" in dates
    as_of = dates["now"]

    def figures(key: str) -> dict:
        sections = {chart.ASSET: [], chart.LIABILITY: [], chart.EQUITY: []}
        totals = {chart.ASSET: ZERO, chart.LIABILITY: ZERO, chart.EQUITY: ZERO}
        shu_to_date = ZERO
        shu_before_year = ZERO
        for code, account in accounts.items():
            row = sums.get(code)
            if row is None:
                continue
            if account.type in sections:
                amount = _side(account.type) * row[f"{key}_to_date"]
                sections[account.type].append((account, amount))
                totals[account.type] += amount
            else:  # income and expenses, credit-positive
                shu_to_date -= row[f"{key}_to_date"]
                shu_before_year -= row[f"{key}_before_year"]
        return {
            "sections": sections,
            "totals": totals,
            "shu_current_year": shu_to_date - shu_before_year,
            "shu_prior_unclosed": shu_before_year,
        }

    now = figures("now")
    prev = figures("prev") if compare else None

    def section_lines(type_: str) -> list[dict]:
        amounts = {a.code: (a, amt) for a, amt in now["sections"][type_]}
        prev_amounts = {a.code: (a, amt) for a, amt in prev["sections"][type_]} if prev else {}
        codes = sorted(set(amounts) | set(prev_amounts))
        out = []
        for code in codes:
            account = (amounts.get(code) or prev_amounts.get(code))[0]
            amount = amounts.get(code, (None, ZERO))[1]
            previous = prev_amounts.get(code, (None, ZERO))[1] if prev else None
            if amount == 0 and not previous:
                continue
            out.append(_line(account, amount, previous))
        return out

    def totals_of(fig: dict) -> dict:
        equity = fig["totals"][chart.EQUITY] + fig["shu_current_year"] + fig["shu_prior_unclosed"]
        return {
            "assets": fig["totals"][chart.ASSET],
            "liabilities": fig["totals"][chart.LIABILITY],
            "equity": equity,
            "shu_current_year": fig["shu_current_year"],
            "shu_prior_unclosed": fig["shu_prior_unclosed"],
            "liabilities_and_equity": fig["totals"][chart.LIABILITY] + equity,
        }

    current = totals_of(now)
    previous = totals_of(prev) if prev else None
    return {
        "as_of": as_of,
        "previous_as_of": dates.get("prev"),
        **current,
        "previous": previous,
        "asset_lines": section_lines(chart.ASSET),
        "liability_lines": section_lines(chart.LIABILITY),
        "equity_lines": section_lines(chart.EQUITY),
    }


# --- Income statement (perhitungan hasil usaha) -------------------------------------------


def income_statement(*, start: Date, end: Date, compare: bool = False) -> dict:
    """Perhitungan hasil usaha for [start, end]: income, expenses and the surplus (SHU before
    allocation). Year-end closing entries are left out."""
    require_tenant_schema()
    buckets = {"now": _income_bucket(start, end)}
    if compare:
        buckets["prev"] = _income_bucket(previous_year(start), previous_year(end))
    return _income_statement(_sums(buckets), _accounts(), start=start, end=end, compare=compare)


def _income_bucket(start: Date, end: Date) -> Bucket:
    return Bucket(start, end, exclude_closing=True)


def _income_statement(
    sums: dict[str, dict[str, Decimal]],
    accounts: dict[str, Account],
    *,
    start: Date,
    end: Date,
    compare: bool = False,
    key: str = "now",
) -> dict:
    """The perhitungan hasil usaha from the sums of ``_income_bucket`` (named ``key``; the year
    before named "prev" when compared)."""
    prev_start, prev_end = previous_year(start), previous_year(end)
    lines = {chart.INCOME: [], chart.EXPENSE: []}
    totals = {chart.INCOME: ZERO, chart.EXPENSE: ZERO}
    prev_totals = {chart.INCOME: ZERO, chart.EXPENSE: ZERO}
    for code, account in accounts.items():
        if account.type not in lines or code not in sums:
            continue
        amount = _side(account.type) * sums[code][key]
        previous = _side(account.type) * sums[code]["prev"] if compare else None
        if amount == 0 and not previous:
            continue
        lines[account.type].append(_line(account, amount, previous))
        totals[account.type] += amount
        if compare:
            prev_totals[account.type] += previous
    return {
        "start": start,
        "end": end,
        "previous_start": prev_start if compare else None,
        "previous_end": prev_end if compare else None,
        "income": totals[chart.INCOME],
        "expenses": totals[chart.EXPENSE],
        "surplus": totals[chart.INCOME] - totals[chart.EXPENSE],
        "previous": (
            {
                "income": prev_totals[chart.INCOME],
                "expenses": prev_totals[chart.EXPENSE],
                "surplus": prev_totals[chart.INCOME] - prev_totals[chart.EXPENSE],
            }
            if compare
            else None
        ),
        "income_lines": lines[chart.INCOME],
        "expense_lines": lines[chart.EXPENSE],
    }


# --- The books as of one day, read once --------------------------------------------------


@dataclass(frozen=True)
class BooksAsOf:
    """What one scan of the legs up to ``as_of`` gives: account balances (``account_balance``'s
    figure), the balance sheet and the fiscal year-to-date income statement — for a reader that
    needs several of them (the federation snapshot) and would otherwise read the same legs once
    per figure."""

    as_of: Date
    year_start: Date
    sums: dict[str, dict[str, Decimal]]
    accounts: dict[str, Account]

    def balance(self, account: str) -> Decimal:
        """``selectors.account_balance(account=…, as_of=self.as_of)`` from the scan."""
        return balance_of(account, self.accounts, self.sums, bucket="now_to_date")

    def has_legs(self, account: str) -> bool:
        """Whether ``account`` or a sub-account has a leg dated on or before ``as_of``."""
        return any(code_under(code, account) for code in self.sums)

    def balance_sheet(self) -> dict:
        """``balance_sheet(as_of=self.as_of)``."""
        return _balance_sheet(self.sums, self.accounts, {"now": self.as_of})

    def income_statement_ytd(self) -> dict:
        """``income_statement(start=fiscal_year_start(as_of), end=as_of)``."""
        return _income_statement(
            self.sums, self.accounts, start=self.year_start, end=self.as_of, key="ytd"
        )


def books_as_of(*, as_of: Date, year_start: Date | None = None) -> BooksAsOf:
    """Read the books as of ``as_of`` once (the chart, the closing entries and one grouped scan
    of the legs): three queries for every balance, the balance sheet and the year-to-date
    income statement. ``year_start``: the fiscal year's first day when the caller has the
    by-laws at hand (default: ``fiscal_year_start(as_of)``)."""
    require_tenant_schema()
    year_start = year_start or fiscal_year_start(as_of)
    buckets = _balance_sheet_buckets("now", as_of, year_start)
    buckets["ytd"] = _income_bucket(year_start, as_of)
    return BooksAsOf(as_of=as_of, year_start=year_start, sums=_sums(buckets), accounts=_accounts())


# --- Cash flow (direct method) ------------------------------------------------------------

OPERATING, INVESTING, FINANCING = "operating", "investing", "financing"
ACTIVITY_LABELS = {
    OPERATING: "Aktivitas operasi",
    INVESTING: "Aktivitas investasi",
    FINANCING: "Aktivitas pendanaan",
}


def _root(code: str) -> str:
    return code.split(".", 1)[0]


def cash_flow_activity(account: Account) -> str:
    """Which activity a cash movement belongs to, by the account on the other side: fixed
    assets are investing; members' savings, loans taken, SHU and capital are financing;
    everything else (income, expenses, loans to members, stock, other payables) is operating."""
    root = _root(account.code)
    if account.type == chart.EQUITY:
        return FINANCING
    if account.type == chart.ASSET and root.startswith("12"):
        return INVESTING
    if account.type == chart.LIABILITY and root[:2] in {"21", "22", "23"}:
        return FINANCING
    return OPERATING


def _is_cash(code: str) -> bool:
    return _root(code) in CASH_ACCOUNTS


def _cash_flow_period(start: Date, end: Date, accounts: dict[str, Account]) -> dict:
    cash_codes = [c for c in accounts if _is_cash(c)]
    offset = "%" + OFFSET_SUFFIX.replace("_", "\\_")
    sql = """
        SELECT l.account_code, coalesce(sum(l.credit - l.debit), 0)
          FROM ledger_journalleg l
          JOIN ledger_journaltransaction t ON t.id = l.transaction_id
         WHERE l.date BETWEEN %s AND %s
           AND NOT (l.account_code = ANY(%s))
           AND t.source_kind NOT LIKE %s
           AND EXISTS (SELECT 1 FROM ledger_journalleg c
                        WHERE c.transaction_id = l.transaction_id
                          AND c.account_code = ANY(%s))
         GROUP BY l.account_code
    """
    with connection.cursor() as cur:
        cur.execute(sql, [start, end, cash_codes, offset, cash_codes])
        flows = {code: Decimal(v).quantize(ZERO) for code, v in cur.fetchall()}
        cur.execute(
            """SELECT t.id, t.date, t.description, coalesce(sum(l.debit - l.credit), 0)
                 FROM ledger_journaltransaction t
                 JOIN ledger_journalleg l ON l.transaction_id = t.id
                WHERE t.date BETWEEN %s AND %s AND t.source_kind LIKE %s
                  AND l.account_code = ANY(%s)
                GROUP BY t.id, t.date, t.description
                ORDER BY t.date, t.id""",
            [start, end, offset, cash_codes],
        )
        non_cash = [
            {"transaction_id": pk, "date": day, "description": text, "amount": Decimal(v)}
            for pk, day, text, v in cur.fetchall()
            if v
        ]
        cur.execute(
            """SELECT coalesce(sum(CASE WHEN l.date < %s THEN l.debit - l.credit END), 0),
                      coalesce(sum(l.debit - l.credit), 0)
                 FROM ledger_journalleg l
                WHERE l.date <= %s AND l.account_code = ANY(%s)""",
            [start, end, cash_codes],
        )
        opening, closing = cur.fetchone()
    activities = {OPERATING: ZERO, INVESTING: ZERO, FINANCING: ZERO}
    lines = []
    for code in sorted(flows):
        amount = flows[code]
        if amount == 0:
            continue
        account = accounts[code]
        activity = cash_flow_activity(account)
        activities[activity] += amount
        lines.append({"activity": activity, "code": code, "name": account.name, "amount": amount})
    non_cash_total = sum((row["amount"] for row in non_cash), ZERO).quantize(ZERO)
    if non_cash_total:
        # The savings settlement paid the offset part out of cash too: it is not an outflow.
        activities[FINANCING] += non_cash_total
        lines.append(
            {"activity": FINANCING, "code": "", "name": NON_CASH_LINE, "amount": non_cash_total}
        )
    net = sum(activities.values(), ZERO)
    return {
        "start": start,
        "end": end,
        "opening_cash": Decimal(opening).quantize(ZERO),
        **activities,
        "net_change": net,
        "closing_cash": Decimal(closing).quantize(ZERO),
        "lines": lines,
        "non_cash": non_cash,
        "non_cash_total": non_cash_total,
    }


def cash_flow(*, start: Date, end: Date, compare: bool = False) -> dict:
    """Laporan arus kas (direct method) for [start, end]: every cash or bank movement classified
    by the account on the other side of its transaction. opening + net change = closing.
    Settlements that move no money (loans offset against the savings of a member who leaves)
    are left out and listed in ``non_cash`` (the note), ``non_cash_total`` their sum."""
    require_tenant_schema()
    accounts = _accounts()
    out = _cash_flow_period(start, end, accounts)
    out["previous"] = (
        _cash_flow_period(previous_year(start), previous_year(end), accounts) if compare else None
    )
    return out


# --- Changes in equity --------------------------------------------------------------------


def _equity_changes_buckets(start: Date, end: Date, key: str) -> dict[str, Bucket]:
    before = start - timedelta(days=1)
    return {
        f"{key}_opening": Bucket(None, before),
        f"{key}_debit": Bucket(start, end, "debit"),
        f"{key}_credit": Bucket(start, end, "credit"),
        f"{key}_surplus": Bucket(start, end, exclude_closing=True),
        f"{key}_closed": Bucket(start, end, only_closing=True),
        f"{key}_closing": Bucket(None, end),
    }


def equity_changes(*, start: Date, end: Date, compare: bool = False) -> dict:
    """Laporan perubahan ekuitas for [start, end]: each equity account's opening balance,
    increases, decreases and closing balance, plus the SHU not yet closed into equity."""
    require_tenant_schema()
    periods = {"now": (start, end)}
    if compare:
        periods["prev"] = (previous_year(start), previous_year(end))
    buckets: dict[str, Bucket] = {}
    for key, (s, e) in periods.items():
        buckets.update(_equity_changes_buckets(s, e, key))
    sums = _sums(buckets)
    accounts = _accounts()

    def rows_for(key: str) -> tuple[list[dict], dict]:
        rows = []
        shu = defaultdict(lambda: ZERO)
        for code, account in accounts.items():
            row = sums.get(code)
            if row is None:
                continue
            if account.type == chart.EQUITY:
                r = {
                    "code": code,
                    "name": account.name,
                    "opening": -row[f"{key}_opening"],
                    "increase": row[f"{key}_credit"],
                    "decrease": row[f"{key}_debit"],
                    "closing": -row[f"{key}_closing"],
                }
                if any(r[k] for k in ("opening", "increase", "decrease", "closing")):
                    rows.append(r)
            elif account.type in (chart.INCOME, chart.EXPENSE):
                shu["opening"] -= row[f"{key}_opening"]
                shu["increase"] -= row[f"{key}_surplus"]
                # closing entries move the surplus out of income/expense into SHU belum dibagi
                shu["decrease"] += row[f"{key}_closed"]
                shu["closing"] -= row[f"{key}_closing"]
        rows.append(
            {
                "code": "",
                "name": "SHU belum ditutup ke ekuitas",
                "opening": shu["opening"],
                "increase": shu["increase"],
                "decrease": shu["decrease"],
                "closing": shu["closing"],
            }
        )
        keys = ("opening", "increase", "decrease", "closing")
        totals = {k: sum((r[k] for r in rows), ZERO) for k in keys}
        return rows, totals

    rows, totals = rows_for("now")
    result = {"start": start, "end": end, "rows": rows, **totals, "previous": None}
    if compare:
        prev_rows, prev_totals = rows_for("prev")
        result["previous"] = {
            "start": periods["prev"][0],
            "end": periods["prev"][1],
            "rows": prev_rows,
            **prev_totals,
        }
    return result
