"""Writes for SHU: propose the year's computation to the RAT, record the RAT decision,
distribute (maker-checker), pay members, spend the funds.

==========================  =====================================================================
distribution                Dr SHU_UNDISTRIBUTED (the year's SHU) / Cr CADANGAN, the funds
                            (FUND_*), SHU_PAYABLE_MEMBERS per member (net), TAX_PAYABLE (withheld)
payout to sukarela          Dr SHU_PAYABLE_MEMBERS (each member paid) / Cr CASH (one posting),
                            then the savings service's sukarela deposit per member Dr CASH /
                            Cr SIMPANAN_SUKARELA (member): net, cash does not move
payout in cash or bank      Dr SHU_PAYABLE_MEMBERS (each member paid) / Cr CASH or BANK
fund spending               Dr FUND_* / Cr CASH or BANK (approved by a second officer)
==========================  =====================================================================
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import fiscal_year_bounds
from sokoguru.tenants.ledger.selectors import account_balance, is_date_closed
from sokoguru.tenants.ledger.services import Leg, chart_install, transaction_post
from sokoguru.tenants.savings.services import sukarela_deposit
from sokoguru.tenants.shu.computation import FUNDS, POOLS
from sokoguru.tenants.shu.models import ShuFundMovement, ShuPool, ShuProposal, ShuShare
from sokoguru.tenants.shu.permissions import (
    APPROVE_ROLES,
    DISTRIBUTE_ROLES,
    FUND_APPROVE_ROLES,
    FUND_REQUEST_ROLES,
    PAYOUT_ROLES,
    PROPOSE_ROLES,
    require_other_officer,
    require_role,
)
from sokoguru.tenants.shu.selectors import shu_compute, year_is_closed

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
PAY_ACCOUNTS = {"cash": chart.CASH, "bank": chart.BANK}


def _locked_proposal(proposal_id: int) -> ShuProposal:
    proposal = ShuProposal.objects.select_for_update().filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound("Usulan SHU tidak ditemukan. / SHU proposal not found.", field="proposal_id")
    return proposal


def _require_date(value, *, field: str) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: "Tanggal wajib diisi. / Date required."})
    if is_date_closed(day=value):
        raise ValidationError(
            {field: "Tanggal berada dalam periode buku yang sudah ditutup. / Period closed."}
        )
    return value


@transaction.atomic
def shu_proposal_create(*, fiscal_year: int, proposed_by_id: int) -> ShuProposal:
    """Compute the year's SHU from its closed books and record it (pools and members' shares)
    as the proposal to the RAT."""
    require_tenant_schema()
    require_role(proposed_by_id, PROPOSE_ROLES, field="proposed_by_id")
    if not year_is_closed(fiscal_year=fiscal_year):
        raise ValidationError(
            {
                "fiscal_year": f"Tahun buku {fiscal_year} belum ditutup; SHU hanya dapat "
                "diusulkan dari tahun yang sudah ditutup (simulasi tetap bisa). / The year is "
                "not closed yet."
            }
        )
    if ShuProposal.objects.filter(fiscal_year=fiscal_year).exists():
        raise Conflict(
            f"SHU tahun buku {fiscal_year} sudah diusulkan. / Already proposed.",
            field="fiscal_year",
        )
    result = shu_compute(fiscal_year=fiscal_year)
    proposal = ShuProposal(
        fiscal_year=fiscal_year,
        bylaws_version_id=result.bylaws_version_id,
        income=result.income,
        non_member_income=result.non_member_income,
        shu=result.shu,
        member_part=result.member_part,
        non_member_part=result.non_member_part,
        jma_basis=result.jma_basis,
        exited_rule=result.exited_rule,
        participation_sources=result.participation_sources,
        statement=result.statement,
        proposed_by_id=proposed_by_id,
    )
    proposal.full_clean()
    proposal.save()
    ShuPool.objects.bulk_create(
        ShuPool(
            proposal=proposal,
            key=p.key,
            label=p.label,
            position=i,
            account_code=p.account_code,
            member_percent=p.member_percent,
            non_member_percent=p.non_member_percent,
            member_amount=p.member_amount,
            non_member_amount=p.non_member_amount,
            amount=p.amount,
        )
        for i, p in enumerate(result.pools)
    )
    ShuShare.objects.bulk_create(
        ShuShare(
            proposal=proposal,
            member_id=s.member_id,
            member_number=s.number,
            member_name=s.name,
            simpanan=s.simpanan,
            participation=s.participation,
            jasa_modal=s.jasa_modal,
            jasa_usaha=s.jasa_usaha,
            gross=s.gross,
            withheld=s.withheld,
            net=s.net,
        )
        for s in result.shares
    )
    return proposal


@transaction.atomic
def shu_proposal_approve(
    *, proposal_id: int, decided_on: date, reference: str, approved_by_id: int
) -> ShuProposal:
    """Record the RAT's decision on the proposal (date and reference of the decision). The
    meetings app calls this when its RAT decides; until then an officer records it."""
    require_tenant_schema()
    require_role(approved_by_id, APPROVE_ROLES, field="approved_by_id")
    proposal = _locked_proposal(proposal_id)
    reference = (reference or "").strip()
    if proposal.status != ShuProposal.Status.PROPOSED:
        if (
            proposal.decided_on == decided_on
            and proposal.decision_reference == reference
            and proposal.status != ShuProposal.Status.PROPOSED
        ):
            return proposal  # the same decision recorded again
        raise Conflict(
            f"SHU {proposal.fiscal_year} sudah {proposal.get_status_display().lower()}. / "
            "The decision is already recorded.",
            field="proposal_id",
        )
    if not isinstance(decided_on, date):
        raise ValidationError({"decided_on": "Tanggal keputusan RAT wajib diisi. / Required."})
    if decided_on <= fiscal_year_bounds(proposal.fiscal_year)[1]:
        raise ValidationError(
            {
                "decided_on": "Keputusan RAT harus setelah akhir tahun buku "
                f"{proposal.fiscal_year}. / Must be after the fiscal year."
            }
        )
    if not reference:
        raise ValidationError(
            {"reference": "Nomor keputusan RAT wajib diisi. / Decision reference required."}
        )
    proposal.status = ShuProposal.Status.APPROVED
    proposal.decided_on = decided_on
    proposal.decision_reference = reference[:120]
    proposal.approved_by_id = approved_by_id
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def shu_distribute(
    *, proposal_id: int, distributed_on: date, distributed_by_id: int
) -> ShuProposal:
    """Post the approved SHU: SHU belum dibagi to the reserve, the funds and what each member
    is owed (utang SHU). Maker-checker: not the officer who proposed it. Idempotent."""
    require_tenant_schema()
    require_role(distributed_by_id, DISTRIBUTE_ROLES, field="distributed_by_id")
    proposal = _locked_proposal(proposal_id)
    if proposal.status == ShuProposal.Status.DISTRIBUTED:
        return proposal
    require_other_officer(
        proposal.proposed_by_id, distributed_by_id, field="distributed_by_id", what="Pembagian SHU"
    )
    if proposal.status != ShuProposal.Status.APPROVED:
        raise Conflict(
            "SHU belum disetujui RAT; catat keputusan RAT dulu. / Not approved by the RAT.",
            field="proposal_id",
            code="wrong_status",
        )
    if proposal.is_negative:
        raise Conflict(
            proposal.statement or "SHU negatif: tidak ada pembagian.", field="proposal_id"
        )
    day = _require_date(distributed_on, field="distributed_on")
    if day < proposal.decided_on:
        raise ValidationError(
            {"distributed_on": "Pembagian tidak boleh sebelum keputusan RAT. / Before decision."}
        )
    chart_install()  # accounts added to the standard chart since the cooperative was set up
    pools = list(proposal.pools.order_by("position"))
    shares = list(proposal.shares.order_by("member_number"))
    legs = [Leg(account=chart.SHU_UNDISTRIBUTED, debit=proposal.shu)]
    fund_credits: dict[str, Decimal] = {}
    for pool in pools:
        if pool.key in ("jasa_modal", "jasa_usaha") or not pool.amount:
            continue
        fund_credits[pool.account_code] = fund_credits.get(pool.account_code, ZERO) + pool.amount
    legs += [Leg(account=code, credit=amount) for code, amount in fund_credits.items()]
    legs += [
        Leg(account=chart.SHU_PAYABLE_MEMBERS, credit=s.net, member_id=s.member_id)
        for s in shares
        if s.net > 0
    ]
    withheld = sum((s.withheld for s in shares), ZERO)
    if withheld:
        legs.append(Leg(account=chart.TAX_PAYABLE, credit=withheld))
    txn = transaction_post(
        date=day,
        description=f"Pembagian SHU tahun buku {proposal.fiscal_year} "
        f"(RAT {proposal.decision_reference})",
        legs=legs,
        idempotency_key=f"shu:distribution:{proposal.fiscal_year}",
        source_kind="shu.distribution",
        source_id=str(proposal.pk),
        created_by_id=distributed_by_id,
    )
    ShuFundMovement.objects.bulk_create(
        ShuFundMovement(
            fund=pool.key,
            account_code=pool.account_code,
            kind=ShuFundMovement.Kind.ALLOCATION,
            status=ShuFundMovement.Status.POSTED,
            date=day,
            amount=pool.amount,
            purpose=f"Alokasi SHU {proposal.fiscal_year}",
            proposal=proposal,
            approved_by_id=distributed_by_id,
            transaction_id=txn.pk,
        )
        for pool in pools
        if pool.key in FUNDS and pool.amount > 0
    )
    proposal.status = ShuProposal.Status.DISTRIBUTED
    proposal.distributed_on = day
    proposal.distributed_by_id = distributed_by_id
    proposal.distribution_transaction_id = txn.pk
    proposal.full_clean()
    proposal.save()
    return proposal


def _pay(shares: list[ShuShare], *, via: str, day: date, paid_by_id: int, proposal: ShuProposal):
    """One posting for the shares paid together (Dr utang SHU per member / Cr cash or bank);
    into sukarela, each member's deposit then goes through the savings service."""
    if not shares:
        return
    counter = chart.CASH if via == ShuShare.Payout.SUKARELA else PAY_ACCOUNTS[via]
    total = sum((s.net for s in shares), ZERO)
    ids = ",".join(str(s.pk) for s in shares)
    digest = hashlib.sha256(ids.encode()).hexdigest()[:16]
    txn = transaction_post(
        date=day,
        description=f"Pembayaran SHU {proposal.fiscal_year} kepada {len(shares)} anggota "
        f"({ShuShare.Payout(via).label.lower()})",
        legs=[
            *(
                Leg(account=chart.SHU_PAYABLE_MEMBERS, debit=s.net, member_id=s.member_id)
                for s in shares
            ),
            Leg(account=counter, credit=total),
        ],
        idempotency_key=f"shu:payout:{proposal.pk}:{via}:{digest}",
        source_kind="shu.payout",
        source_id=str(proposal.pk),
        created_by_id=paid_by_id,
    )
    for share in shares:
        if via == ShuShare.Payout.SUKARELA:
            sukarela_deposit(
                member_id=share.member_id,
                amount=share.net,
                date=day,
                idempotency_key=f"shu:payout:{share.pk}",
                description=f"SHU {proposal.fiscal_year} — {share.member_name} "
                f"({share.member_number}) ke simpanan sukarela",
                created_by_id=paid_by_id,
            )
        share.payout = via
        share.paid_on = day
        share.paid_by_id = paid_by_id
        share.payout_transaction_id = txn.pk


@transaction.atomic
def shu_payout(
    *,
    proposal_id: int,
    paid_on: date,
    paid_by_id: int,
    via: str | None = None,
    member_ids: list[int] | None = None,
) -> dict:
    """Pay members their distributed SHU: all unpaid shares (bulk, the default) or the given
    members, into their simpanan sukarela or in cash/bank (``via``; by-laws default when not
    given). Cash/bank must hold the total. Members who left cannot receive sukarela: they are
    skipped and stay unpaid (listed in ``skipped``). Paying a share twice is a no-op.
    Returns {"paid": [...shares], "skipped": [...shares], "total": Decimal}."""
    require_tenant_schema()
    require_role(paid_by_id, PAYOUT_ROLES, field="paid_by_id")
    proposal = _locked_proposal(proposal_id)
    if proposal.status != ShuProposal.Status.DISTRIBUTED:
        raise Conflict(
            "SHU belum dibagikan (dibukukan); bagikan dulu. / Not distributed yet.",
            field="proposal_id",
            code="wrong_status",
        )
    if via is None:
        from sokoguru.tenants.bylaws.selectors import bylaws_current

        via = bylaws_current(
            as_of=paid_on if isinstance(paid_on, date) else None
        ).shu_payout_default
    if via not in (ShuShare.Payout.SUKARELA, ShuShare.Payout.CASH, ShuShare.Payout.BANK):
        raise ValidationError({"via": "Pilih 'sukarela', 'cash' (tunai) atau 'bank'."})
    day = _require_date(paid_on, field="paid_on")
    if day < proposal.distributed_on:
        raise ValidationError({"paid_on": "Tidak boleh sebelum tanggal pembagian. / Too early."})
    qs = ShuShare.objects.select_for_update().filter(proposal=proposal, net__gt=0)
    if member_ids is not None:
        qs = qs.filter(member_id__in=member_ids)
        found = set(qs.values_list("member_id", flat=True))
        missing = set(member_ids) - found
        if missing:
            raise ValidationError(
                {"member_ids": f"Anggota tanpa SHU {proposal.fiscal_year}: {sorted(missing)}."}
            )
    shares = list(qs.select_related("member").order_by("member_number"))
    unpaid = [s for s in shares if s.payout == ShuShare.Payout.UNPAID]
    skipped = []
    if via == ShuShare.Payout.SUKARELA:
        skipped = [s for s in unpaid if not s.member.is_current]
        if skipped and member_ids is not None:
            raise Conflict(
                "Anggota yang sudah keluar tidak dapat menerima SHU ke simpanan sukarela; bayar "
                "tunai atau transfer. / Members who left must be paid in cash or bank.",
                field="via",
            )
        unpaid = [s for s in unpaid if s.member.is_current]
    total = sum((s.net for s in unpaid), ZERO)
    if via in PAY_ACCOUNTS and total:
        balance = account_balance(account=PAY_ACCOUNTS[via], as_of=day)
        if balance < total:
            raise ValidationError(
                {
                    "via": f"Saldo {'kas' if via == 'cash' else 'bank'} tidak cukup: "
                    f"{format_rupiah(balance)}, dibutuhkan {format_rupiah(total)}. / "
                    "Insufficient funds."
                }
            )
    _pay(unpaid, via=via, day=day, paid_by_id=paid_by_id, proposal=proposal)
    ShuShare.objects.bulk_update(
        unpaid, ["payout", "paid_on", "paid_by_id", "payout_transaction_id"]
    )
    return {"paid": unpaid, "skipped": skipped, "total": total}


def _fund_account(fund: str) -> str:
    if fund not in FUNDS:
        raise ValidationError(
            {"fund": f"Dana tidak dikenal: {fund!r}. Pilih salah satu: {', '.join(FUNDS)}."}
        )
    return POOLS[fund][1]


@transaction.atomic
def shu_fund_spend_request(
    *,
    fund: str,
    amount: Decimal,
    date: date,
    purpose: str,
    pay_from: str = "cash",
    requested_by_id: int,
) -> ShuFundMovement:
    """Ask to spend from a fund (dana sosial, pendidikan …); a second officer approves."""
    require_tenant_schema()
    require_role(requested_by_id, FUND_REQUEST_ROLES, field="requested_by_id")
    account = _fund_account(fund)
    try:
        amount = Decimal(str(amount))
    except Exception:
        raise ValidationError({"amount": "Jumlah tidak valid. / Invalid amount."}) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.to_integral_value():
        raise ValidationError({"amount": "Jumlah harus rupiah bulat lebih dari nol."})
    if pay_from not in PAY_ACCOUNTS:
        raise ValidationError({"pay_from": "Pilih 'cash' (kas) atau 'bank'."})
    if not (purpose or "").strip():
        raise ValidationError({"purpose": "Keperluan wajib diisi. / Purpose required."})
    day = _require_date(date, field="date")
    movement = ShuFundMovement(
        fund=fund,
        account_code=account,
        kind=ShuFundMovement.Kind.SPEND,
        status=ShuFundMovement.Status.REQUESTED,
        date=day,
        amount=amount.quantize(CENT),
        purpose=purpose.strip()[:200],
        pay_from=pay_from,
        requested_by_id=requested_by_id,
    )
    movement.full_clean()
    movement.save()
    return movement


@transaction.atomic
def shu_fund_spend_approve(*, movement_id: int, approved_by_id: int) -> ShuFundMovement:
    """Approve and post a fund spending (Dr fund / Cr cash or bank): a different officer from
    the requester, never more than the fund's balance nor the cash/bank available."""
    require_tenant_schema()
    require_role(approved_by_id, FUND_APPROVE_ROLES, field="approved_by_id")
    movement = (
        ShuFundMovement.objects.select_for_update()
        .filter(pk=movement_id, kind=ShuFundMovement.Kind.SPEND)
        .first()
    )
    if movement is None:
        raise NotFound("Pengajuan penggunaan dana tidak ditemukan.", field="movement_id")
    if movement.status == ShuFundMovement.Status.POSTED:
        return movement
    if movement.status != ShuFundMovement.Status.REQUESTED:
        raise Conflict("Pengajuan ini sudah ditolak. / Already rejected.", field="movement_id")
    require_other_officer(
        movement.requested_by_id, approved_by_id, field="approved_by_id", what="Penggunaan dana"
    )
    # One fund's spendings are approved one at a time.
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"shu:fund:{movement.fund}"])
    balance = account_balance(account=movement.account_code)
    if movement.amount > balance:
        raise ValidationError(
            {
                "amount": f"Saldo {POOLS[movement.fund][0].lower()} tidak cukup: "
                f"{format_rupiah(balance)}, diminta {format_rupiah(movement.amount)}. / "
                "The fund does not hold enough."
            }
        )
    cash = account_balance(account=PAY_ACCOUNTS[movement.pay_from])
    if movement.amount > cash:
        raise ValidationError(
            {"pay_from": f"Saldo kas/bank tidak cukup: {format_rupiah(cash)}. / Insufficient."}
        )
    txn = transaction_post(
        date=movement.date,
        description=f"{POOLS[movement.fund][0]}: {movement.purpose}"[:255],
        legs=[
            Leg(account=movement.account_code, debit=movement.amount),
            Leg(account=PAY_ACCOUNTS[movement.pay_from], credit=movement.amount),
        ],
        idempotency_key=f"shu:fund-spend:{movement.pk}",
        source_kind="shu.fund_spend",
        source_id=str(movement.pk),
        created_by_id=approved_by_id,
    )
    movement.status = ShuFundMovement.Status.POSTED
    movement.approved_by_id = approved_by_id
    movement.transaction_id = txn.pk
    movement.save(update_fields=["status", "approved_by_id", "transaction_id"])
    return movement


@transaction.atomic
def shu_fund_spend_reject(*, movement_id: int, rejected_by_id: int) -> ShuFundMovement:
    require_tenant_schema()
    require_role(rejected_by_id, FUND_APPROVE_ROLES, field="rejected_by_id")
    movement = (
        ShuFundMovement.objects.select_for_update()
        .filter(pk=movement_id, kind=ShuFundMovement.Kind.SPEND)
        .first()
    )
    if movement is None:
        raise NotFound("Pengajuan penggunaan dana tidak ditemukan.", field="movement_id")
    if movement.status != ShuFundMovement.Status.REQUESTED:
        raise Conflict("Pengajuan ini sudah diputuskan. / Already decided.", field="movement_id")
    movement.status = ShuFundMovement.Status.REJECTED
    movement.approved_by_id = rejected_by_id
    movement.save(update_fields=["status", "approved_by_id"])
    return movement
