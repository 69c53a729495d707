"""Writes between a koperasi sekunder and its member cooperatives. Each service posts both sides,
each in its own cooperative's schema, in one database transaction.

How both books change together
------------------------------
All cooperative schemas live in one PostgreSQL database, so one ``transaction.atomic`` block can
switch the connection's search path (``sokoguru.platform.tenancy.context.cooperative_schema``)
from one cooperative's schema to the other's and post into each. The ledger's integrity
functions pin their own schema (``SET search_path FROM CURRENT``), so the deferred balance checks
that run at COMMIT check each side in its own schema. Either both postings commit or neither
does: an error on the second side rolls back the first. Each side carries an idempotency key
derived from the caller's (``intercoop:<what>:<key>``), so a retry after a lost answer returns
the first result on both sides and never posts twice.

When the two cooperatives sit on separate clusters (deploy/SCALING.md, "Inter-cooperative
postings across clusters") one transaction can no longer hold both sides. The design then is a
saga driven by a transactional outbox: the initiating side posts its half and writes an outbox
row in the same local transaction; a relay (Celery, ``acks_late``) delivers it to the other
side, which posts its half under the same idempotency key (so redelivery is harmless) and
acknowledges. If the other side refuses for good (member exited, period closed, a rule), the
relay asks the initiating side to post a compensating reversal (``transaction_reverse``) of its
half and marks the event failed. Until the acknowledgement the pair shows up in the
reconciliation (``selectors.intercoop_reconciliation``) as in transit, never silently wrong.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import (
    SYSTEM,
    SystemActor,
    require_actor,
    require_other_officer,
)
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.money import to_money
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.intercoop.models import (
    CapitalEntry,
    Installment,
    Loan,
    LoanProduct,
    Repayment,
    Side,
)
from sokoguru.tenants.intercoop.permissions import (
    CAPITAL_PAY_ROLES,
    LOAN_ACCEPT_ROLES,
    LOAN_APPROVE_ROLES,
    LOAN_DISBURSE_ROLES,
    LOAN_OFFER_ROLES,
    LOAN_REPAY_ROLES,
)
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.funds import account_funds_require
from sokoguru.tenants.ledger.services import Leg, chart_install, transaction_post
from sokoguru.tenants.loans.schedule import METHODS, RATE_BASES, build_schedule
from sokoguru.tenants.members.models import Member

ZERO = Decimal("0.00")
SOURCE_CAPITAL = "intercoop.capital"
SOURCE_LOAN = "intercoop.loan"
PAY_ACCOUNTS = (chart.CASH, chart.BANK)


def source_id(counterparty_id: int, reference) -> str:
    """The journal's ``source_id`` on both sides: the counterparty's registry id first, so a
    cooperative's balances per counterparty are one grouped query (``selectors``)."""
    return f"{counterparty_id}:{reference}"


def _amount(value, *, field: str = "amount") -> Decimal:
    try:
        amount = to_money(value)
    except Exception as exc:
        raise ValidationError({field: "Jumlah tidak valid. / Invalid amount."}) from exc
    if amount <= 0 or amount != amount.to_integral_value():
        raise ValidationError(
            {field: "Jumlah harus rupiah bulat lebih dari nol. / Whole rupiah above zero."}
        )
    return amount


def _key(value: str | None) -> str:
    key = (value or "").strip()
    if not key or len(key) > 120:
        raise ValidationError(
            {"idempotency_key": "Kunci idempotensi wajib (maks. 120 karakter). / Required."}
        )
    return key


def _pay_account(code: str, *, field: str = "paid_from") -> str:
    if code not in PAY_ACCOUNTS:
        raise ValidationError({field: "Pilih kas (1101) atau bank (1102). / Cash or bank."})
    return code


def _check_pair(sekunder: Cooperative, primary: Cooperative) -> None:
    if sekunder.kind != Cooperative.Kind.SECONDARY:
        raise ValidationError({"sekunder": "Koperasi ini bukan koperasi sekunder."})
    if primary.kind in (Cooperative.Kind.SECONDARY, Cooperative.Kind.PLATFORM):
        raise ValidationError({"primary": "Koperasi anggota harus koperasi primer."})


def member_cooperative_row(*, primary_id: int) -> Member:
    """In the sekunder's schema: the member book row of the member cooperative ``primary_id``
    (written when the cooperative accepted the sekunder's invitation)."""
    member = Member.objects.filter(kind=Member.Kind.COOPERATIVE, cooperative_id=primary_id).first()
    if member is None or not member.is_current:
        raise ValidationError(
            {"primary": "Koperasi ini bukan anggota koperasi sekunder. / Not a member cooperative."}
        )
    return member


# --- Capital: simpanan pokok and wajib of a member cooperative --------------------------------


def capital_pay(
    *,
    sekunder: Cooperative,
    primary: Cooperative,
    kind: str,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    paid_from: str = chart.BANK,
    created_by_id: int | SystemActor,
) -> tuple[CapitalEntry, CapitalEntry]:
    """The member cooperative ``primary`` pays simpanan ``kind`` (pokok or wajib) of ``amount``
    into ``sekunder``. Both books change, or neither:

    * primary: Dr PENYERTAAN_SEKUNDER / Cr ``paid_from`` (cash or bank; funds checked);
    * sekunder: the savings app's pokok or wajib deposit on the member cooperative's sub-ledger
      (Dr CASH / Cr SIMPANAN_POKOK or SIMPANAN_WAJIB), which also makes it an active member
      and bills wajib like any member.

    The acting user is an officer of the primary (``CAPITAL_PAY_ROLES``). Returns the
    (primary, sekunder) rows; the same key with the same content returns the first ones."""
    _check_pair(sekunder, primary)
    if kind not in CapitalEntry.Kind.values:
        raise ValidationError({"kind": "Jenis simpanan: pokok atau wajib. / pokok or wajib."})
    amount = _amount(amount)
    key = f"intercoop:capital:{primary.pk}:{_key(idempotency_key)}"
    paid_from = _pay_account(paid_from)
    with transaction.atomic():
        with cooperative_schema(primary):
            actor = require_actor(created_by_id, CAPITAL_PAY_ROLES, field="created_by_id")
            existing = CapitalEntry.objects.filter(idempotency_key=key).first()
            if existing is not None:
                if (existing.kind, existing.amount, existing.counterparty_id) != (
                    kind,
                    amount,
                    sekunder.pk,
                ):
                    raise Conflict(
                        "Kunci idempotensi sudah dipakai untuk setoran lain. / Key reused.",
                        field="idempotency_key",
                    )
                with cooperative_schema(sekunder):
                    other = CapitalEntry.objects.get(idempotency_key=key)
                return existing, other
            chart_install()  # accounts added to the standard chart since provisioning
            account_funds_require(account_code=paid_from, amount=amount, field="amount")
            reference = uuid.uuid4()
            label = CapitalEntry.Kind(kind).label
            txn = transaction_post(
                date=date,
                description=f"Setoran {label} ke {sekunder.name}",
                legs=[
                    Leg(account=chart.PENYERTAAN_SEKUNDER, debit=amount),
                    Leg(account=paid_from, credit=amount),
                ],
                idempotency_key=key,
                source_kind=SOURCE_CAPITAL,
                source_id=source_id(sekunder.pk, reference),
                created_by_id=actor,
            )
            mine = CapitalEntry.objects.create(
                reference=reference,
                side=Side.PRIMARY,
                counterparty_id=sekunder.pk,
                kind=kind,
                amount=amount,
                date=date,
                idempotency_key=key,
                journal_transaction_id=txn.pk,
                created_by_id=actor,
            )
        with cooperative_schema(sekunder):
            theirs = _capital_receive(
                primary=primary, kind=kind, amount=amount, date=date, key=key, reference=reference
            )
    return mine, theirs


def _capital_receive(
    *, primary: Cooperative, kind: str, amount: Decimal, date: date, key: str, reference
) -> CapitalEntry:
    """The sekunder's half of ``capital_pay`` (in the sekunder's schema)."""
    from sokoguru.tenants.savings.services import pokok_pay, wajib_pay

    chart_install()
    member = member_cooperative_row(primary_id=primary.pk)
    if kind == CapitalEntry.Kind.POKOK:
        movement = pokok_pay(
            member_id=member.pk,
            date=date,
            amount=amount,
            idempotency_key=key,
            created_by_id=SYSTEM,
        )
    else:
        movement = wajib_pay(
            member_id=member.pk,
            amount=amount,
            date=date,
            idempotency_key=key,
            description=f"Setoran simpanan wajib — {member.full_name}",
            created_by_id=SYSTEM,
        )
    return CapitalEntry.objects.create(
        reference=reference,
        side=Side.SEKUNDER,
        counterparty_id=primary.pk,
        kind=kind,
        amount=amount,
        date=date,
        idempotency_key=key,
        journal_transaction_id=movement.journal_transaction_id,
    )


# --- Loans from the sekunder to a member cooperative ----------------------------------------


@transaction.atomic
def loan_product_create(
    *,
    name: str,
    rate_percent: Decimal,
    rate_basis: str = "per_month",
    method: str = "flat",
    max_tenor: int = 36,
    max_amount: Decimal,
    created_by_id: int | SystemActor,
) -> LoanProduct:
    """A sekunder's loan product for its member cooperatives (in the sekunder's schema)."""
    require_actor(created_by_id, LOAN_APPROVE_ROLES, field="created_by_id")
    if method not in METHODS:
        raise ValidationError({"method": "Metode angsuran tidak dikenal."})
    if rate_basis not in RATE_BASES:
        raise ValidationError({"rate_basis": "Dasar jasa tidak dikenal."})
    product = LoanProduct(
        name=(name or "").strip(),
        rate_percent=Decimal(rate_percent),
        rate_basis=rate_basis,
        method=method,
        max_tenor=max_tenor,
        max_amount=_amount(max_amount, field="max_amount"),
    )
    product.full_clean()
    product.save()
    return product


def _installments(loan: Loan) -> list[Installment]:
    schedule = build_schedule(
        amount=loan.amount,
        rate_percent=loan.rate_percent,
        rate_basis=loan.rate_basis,
        tenor=loan.tenor,
        method=loan.method,
        first_due_date=loan.first_due_date,
    )
    return Installment.objects.bulk_create(
        [
            Installment(
                loan=loan,
                number=line.number,
                due_date=line.due_date,
                principal=line.principal,
                jasa=line.jasa,
            )
            for line in schedule.lines
        ]
    )


def _loan(reference, side: str, *, lock: bool = True) -> Loan:
    qs = Loan.objects.filter(reference=reference, side=side)
    if lock:
        qs = qs.select_for_update()
    loan = qs.first()
    if loan is None:
        raise NotFound("Pinjaman antarkoperasi tidak ditemukan. / Loan not found.", field="loan")
    return loan


def _require_status(loan: Loan, *statuses: str) -> None:
    if loan.status not in statuses:
        raise ValidationError(
            {"loan": f"Status pinjaman {loan.get_status_display()} tidak mengizinkan ini."}
        )


def _counterparty(loan: Loan) -> Cooperative:
    return Cooperative.objects.get(pk=loan.counterparty_id)


def loan_offer(
    *,
    sekunder: Cooperative,
    primary: Cooperative,
    product_id: int,
    amount: Decimal,
    tenor: int,
    first_due_date: date,
    purpose: str = "",
    created_by_id: int | SystemActor,
) -> Loan:
    """A sekunder officer enters a loan to the member cooperative ``primary`` (the maker);
    another sekunder officer approves it (``loan_approve``), then the primary accepts."""
    _check_pair(sekunder, primary)
    with transaction.atomic(), cooperative_schema(sekunder):
        actor = require_actor(created_by_id, LOAN_OFFER_ROLES, field="created_by_id")
        member_cooperative_row(primary_id=primary.pk)
        product = LoanProduct.objects.filter(pk=product_id, is_active=True).first()
        if product is None:
            raise ValidationError({"product_id": "Produk pinjaman tidak dikenal."})
        amount = _amount(amount)
        if amount > product.max_amount:
            raise ValidationError({"amount": "Melebihi plafon produk. / Above the product cap."})
        if not 1 <= int(tenor) <= product.max_tenor:
            raise ValidationError({"tenor": f"Tenor 1–{product.max_tenor} bulan."})
        loan = Loan(
            reference=uuid.uuid4(),
            side=Side.SEKUNDER,
            counterparty_id=primary.pk,
            product_name=product.name,
            purpose=(purpose or "").strip()[:255],
            amount=amount,
            rate_percent=product.rate_percent,
            rate_basis=product.rate_basis,
            method=product.method,
            tenor=int(tenor),
            first_due_date=first_due_date,
            offered_by_id=actor,
        )
        loan.full_clean()
        loan.save()
        _installments(loan)
        return loan


def loan_approve(*, sekunder: Cooperative, reference, approved_by_id: int | SystemActor) -> Loan:
    """The sekunder's pengurus approves (not the one who entered it); the loan then appears in
    the member cooperative's books as awaiting its acceptance."""
    with transaction.atomic():
        with cooperative_schema(sekunder):
            actor = require_actor(approved_by_id, LOAN_APPROVE_ROLES, field="approved_by_id")
            loan = _loan(reference, Side.SEKUNDER)
            _require_status(loan, Loan.Status.OFFERED)
            require_other_officer(
                loan.offered_by_id, actor, field="approved_by_id", what="Pinjaman antarkoperasi"
            )
            loan.status = Loan.Status.APPROVED
            loan.approved_by_id = actor
            loan.save(update_fields=["status", "approved_by_id"])
        with cooperative_schema(_counterparty(loan)):
            mirror = Loan.objects.create(
                reference=loan.reference,
                side=Side.PRIMARY,
                counterparty_id=sekunder.pk,
                product_name=loan.product_name,
                purpose=loan.purpose,
                amount=loan.amount,
                rate_percent=loan.rate_percent,
                rate_basis=loan.rate_basis,
                method=loan.method,
                tenor=loan.tenor,
                first_due_date=loan.first_due_date,
                status=Loan.Status.APPROVED,
                offered_by_id=loan.offered_by_id,
                approved_by_id=actor,
            )
            _installments(mirror)
    return loan


def loan_accept(*, primary: Cooperative, reference, accepted_by_id: int | SystemActor) -> Loan:
    """The member cooperative's pengurus accepts the approved loan (both sides)."""
    with transaction.atomic():
        with cooperative_schema(primary):
            actor = require_actor(accepted_by_id, LOAN_ACCEPT_ROLES, field="accepted_by_id")
            mine = _loan(reference, Side.PRIMARY)
            _require_status(mine, Loan.Status.APPROVED)
            mine.status = Loan.Status.ACCEPTED
            mine.accepted_by_id = actor
            mine.save(update_fields=["status", "accepted_by_id"])
        with cooperative_schema(_counterparty(mine)):
            theirs = _loan(reference, Side.SEKUNDER)
            _require_status(theirs, Loan.Status.APPROVED)
            theirs.status = Loan.Status.ACCEPTED
            theirs.accepted_by_id = actor
            theirs.save(update_fields=["status", "accepted_by_id"])
    return mine


def loan_disburse(
    *,
    sekunder: Cooperative,
    reference,
    date: date,
    paid_from: str = chart.BANK,
    received_into: str = chart.BANK,
    created_by_id: int | SystemActor,
) -> Loan:
    """Pay the accepted loan out: sekunder Dr INTER_COOP_LOANS_RECEIVABLE (member cooperative)
    / Cr ``paid_from`` (funds checked); primary Dr ``received_into`` / Cr LOAN_FROM_SEKUNDER."""
    paid_from = _pay_account(paid_from)
    received_into = _pay_account(received_into, field="received_into")
    with transaction.atomic():
        with cooperative_schema(sekunder):
            actor = require_actor(created_by_id, LOAN_DISBURSE_ROLES, field="created_by_id")
            loan = _loan(reference, Side.SEKUNDER)
            _require_status(loan, Loan.Status.ACCEPTED)
            primary = _counterparty(loan)
            member = member_cooperative_row(primary_id=primary.pk)
            chart_install()
            account_funds_require(account_code=paid_from, amount=loan.amount, field="amount")
            transaction_post(
                date=date,
                description=f"Pencairan pinjaman ke {primary.name} — {loan.product_name}",
                legs=[
                    Leg(
                        account=chart.INTER_COOP_LOANS_RECEIVABLE,
                        debit=loan.amount,
                        member_id=member.pk,
                    ),
                    Leg(account=paid_from, credit=loan.amount),
                ],
                idempotency_key=f"intercoop:loan:{loan.reference}:disburse:sekunder",
                source_kind=SOURCE_LOAN,
                source_id=source_id(primary.pk, loan.reference),
                created_by_id=actor,
            )
            loan.status = Loan.Status.DISBURSED
            loan.disbursed_on = date
            loan.save(update_fields=["status", "disbursed_on"])
        with cooperative_schema(primary):
            chart_install()
            mirror = _loan(reference, Side.PRIMARY)
            _require_status(mirror, Loan.Status.ACCEPTED)
            transaction_post(
                date=date,
                description=f"Penerimaan pinjaman dari {sekunder.name} — {loan.product_name}",
                legs=[
                    Leg(account=received_into, debit=loan.amount),
                    Leg(account=chart.LOAN_FROM_SEKUNDER, credit=loan.amount),
                ],
                idempotency_key=f"intercoop:loan:{loan.reference}:disburse:primary",
                source_kind=SOURCE_LOAN,
                source_id=source_id(sekunder.pk, loan.reference),
            )
            mirror.status = Loan.Status.DISBURSED
            mirror.disbursed_on = date
            mirror.save(update_fields=["status", "disbursed_on"])
    return loan


def _allocate(installments: list[Installment], amount: Decimal) -> tuple[Decimal, Decimal, list]:
    """Oldest instalment first, its jasa before its principal. Returns (principal, jasa, the
    per-instalment (number, principal part, jasa part))."""
    left = amount
    principal = jasa = ZERO
    parts = []
    for inst in installments:
        if left <= 0:
            break
        j = min(inst.jasa - inst.jasa_paid, left)
        left -= j
        p = min(inst.principal - inst.principal_paid, left)
        left -= p
        if p or j:
            parts.append((inst.number, p, j))
            principal += p
            jasa += j
    if left > 0:
        raise ValidationError({"amount": "Melebihi sisa pinjaman. / More than is owed."})
    return principal, jasa, parts


def _apply(loan: Loan, parts: list, *, day: date) -> None:
    by_number = {i.number: i for i in loan.installments.select_for_update().order_by("number")}
    for number, p, j in parts:
        inst = by_number[number]
        inst.principal_paid += p
        inst.jasa_paid += j
        inst.save(update_fields=["principal_paid", "jasa_paid"])
    if all(i.is_paid for i in by_number.values()):
        loan.status = Loan.Status.CLOSED
        loan.closed_on = day
        loan.save(update_fields=["status", "closed_on"])


def loan_repay(
    *,
    primary: Cooperative,
    reference,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    paid_from: str = chart.BANK,
    received_into: str = chart.BANK,
    created_by_id: int | SystemActor,
) -> tuple[Repayment, Repayment]:
    """The member cooperative repays ``amount`` (jasa then principal, oldest instalment first):
    primary Dr LOAN_FROM_SEKUNDER (principal) + INTER_COOP_SERVICE_EXPENSE (jasa) / Cr
    ``paid_from``; sekunder Dr ``received_into`` / Cr INTER_COOP_LOANS_RECEIVABLE (member
    cooperative) + INTER_COOP_SERVICE_INCOME. Returns the (primary, sekunder) repayments."""
    amount = _amount(amount)
    paid_from = _pay_account(paid_from)
    received_into = _pay_account(received_into, field="received_into")
    key = f"intercoop:loanpay:{reference}:{_key(idempotency_key)}"
    with transaction.atomic():
        with cooperative_schema(primary):
            actor = require_actor(created_by_id, LOAN_REPAY_ROLES, field="created_by_id")
            loan = _loan(reference, Side.PRIMARY)
            existing = Repayment.objects.filter(idempotency_key=key).first()
            if existing is not None:
                if existing.total != amount:
                    raise Conflict(
                        "Kunci idempotensi sudah dipakai. / Key reused.", field="idempotency_key"
                    )
                with cooperative_schema(_counterparty(loan)):
                    return existing, Repayment.objects.get(idempotency_key=key)
            _require_status(loan, Loan.Status.DISBURSED)
            principal, jasa, parts = _allocate(list(loan.installments.order_by("number")), amount)
            account_funds_require(account_code=paid_from, amount=amount, field="amount")
            sekunder = _counterparty(loan)
            legs = [Leg(account=chart.LOAN_FROM_SEKUNDER, debit=principal)] if principal else []
            if jasa:
                legs.append(Leg(account=chart.INTER_COOP_SERVICE_EXPENSE, debit=jasa))
            legs.append(Leg(account=paid_from, credit=amount))
            txn = transaction_post(
                date=date,
                description=f"Angsuran pinjaman ke {sekunder.name} — {loan.product_name}",
                legs=legs,
                idempotency_key=f"{key}:primary",
                source_kind=SOURCE_LOAN,
                source_id=source_id(sekunder.pk, loan.reference),
                created_by_id=actor,
            )
            mine = Repayment.objects.create(
                loan=loan,
                date=date,
                principal=principal,
                jasa=jasa,
                idempotency_key=key,
                journal_transaction_id=txn.pk,
                created_by_id=actor,
            )
            _apply(loan, parts, day=date)
        with cooperative_schema(sekunder):
            theirs = _loan_receive(
                primary=primary,
                reference=reference,
                principal=principal,
                jasa=jasa,
                parts=parts,
                date=date,
                key=key,
                received_into=received_into,
            )
    return mine, theirs


def _loan_receive(
    *,
    primary: Cooperative,
    reference,
    principal: Decimal,
    jasa: Decimal,
    parts: list,
    date: date,
    key: str,
    received_into: str,
) -> Repayment:
    """The sekunder's half of ``loan_repay`` (in the sekunder's schema)."""
    loan = _loan(reference, Side.SEKUNDER)
    _require_status(loan, Loan.Status.DISBURSED)
    member = member_cooperative_row(primary_id=primary.pk)
    legs = [Leg(account=received_into, debit=principal + jasa)]
    if principal:
        legs.append(
            Leg(account=chart.INTER_COOP_LOANS_RECEIVABLE, credit=principal, member_id=member.pk)
        )
    if jasa:
        legs.append(Leg(account=chart.INTER_COOP_SERVICE_INCOME, credit=jasa, member_id=member.pk))
    txn = transaction_post(
        date=date,
        description=f"Angsuran pinjaman dari {primary.name} — {loan.product_name}",
        legs=legs,
        idempotency_key=f"{key}:sekunder",
        source_kind=SOURCE_LOAN,
        source_id=source_id(primary.pk, loan.reference),
    )
    repayment = Repayment.objects.create(
        loan=loan,
        date=date,
        principal=principal,
        jasa=jasa,
        idempotency_key=key,
        journal_transaction_id=txn.pk,
    )
    _apply(loan, parts, day=date)
    return repayment
