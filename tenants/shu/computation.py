"""The SHU arithmetic, free of the database: split the year's SHU into the part from business
with members and the part from non-members, allocate both by the by-laws percentages into pools,
and share the jasa modal (JMA) and jasa usaha (JUA) pools out to members.

Every amount is whole rupiah by largest remainder (``platform.core.money.largest_remainder``):
members' shares add up to their pool exactly and the pools add up to the SHU exactly. A SHU with
cents keeps the cents in the reserve (cadangan). Ties in the remainders go to the lower member
number (members are passed sorted by number)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sokoguru.platform.core.money import format_rupiah, largest_remainder, to_money
from sokoguru.tenants.ledger import chart

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

# key -> (label, account credited at distribution); order is the order of the allocation.
POOLS: dict[str, tuple[str, str]] = {
    "cadangan": ("Dana cadangan", chart.CADANGAN),
    "jasa_modal": ("Jasa modal anggota (JMA)", chart.SHU_PAYABLE_MEMBERS),
    "jasa_usaha": ("Jasa usaha anggota (JUA)", chart.SHU_PAYABLE_MEMBERS),
    "pengurus": ("Dana pengurus dan pengawas", chart.FUND_PENGURUS),
    "karyawan": ("Dana karyawan", chart.FUND_KARYAWAN),
    "pendidikan": ("Dana pendidikan", chart.FUND_PENDIDIKAN),
    "sosial": ("Dana sosial", chart.FUND_SOSIAL),
    "pembangunan_daerah": ("Dana pembangunan daerah kerja", chart.FUND_PEMBANGUNAN_DAERAH),
    "lain": ("Dana lain-lain", chart.FUND_LAIN),
}
MEMBER_POOLS = ("jasa_modal", "jasa_usaha")
FUNDS = ("pengurus", "karyawan", "pendidikan", "sosial", "pembangunan_daerah", "lain")


@dataclass(frozen=True)
class MemberBasis:
    member_id: int
    number: str
    name: str
    simpanan: Decimal  # pokok + wajib by the by-laws basis
    participation: Decimal  # business done with the cooperative (sum of the sources)


@dataclass
class PoolLine:
    key: str
    label: str
    account_code: str
    member_percent: Decimal
    non_member_percent: Decimal
    member_amount: Decimal
    non_member_amount: Decimal

    @property
    def amount(self) -> Decimal:
        return self.member_amount + self.non_member_amount


@dataclass
class ShareLine:
    member_id: int
    number: str
    name: str
    simpanan: Decimal
    participation: Decimal
    jasa_modal: Decimal
    jasa_usaha: Decimal
    withheld: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        return self.jasa_modal + self.jasa_usaha

    @property
    def net(self) -> Decimal:
        return self.gross - self.withheld


@dataclass
class ShuComputation:
    fiscal_year: int
    start: date
    end: date
    final: bool  # the year is closed (a proposal may be made from it)
    bylaws_version_id: int | None
    income: Decimal
    non_member_income: Decimal
    shu: Decimal
    member_part: Decimal
    non_member_part: Decimal
    jma_basis: str
    exited_rule: str
    participation_sources: str
    pools: list[PoolLine] = field(default_factory=list)
    shares: list[ShareLine] = field(default_factory=list)
    statement: str = ""

    @property
    def negative(self) -> bool:
        return self.shu <= 0

    def pool(self, key: str) -> PoolLine:
        return next(p for p in self.pools if p.key == key)

    @property
    def withheld(self) -> Decimal:
        return sum((s.withheld for s in self.shares), ZERO)


def split_member_part(
    *, shu: Decimal, income: Decimal, non_member_income: Decimal
) -> tuple[Decimal, Decimal]:
    """(member part, non-member part) of a positive SHU, in proportion to the income from
    members and from non-members; whole rupiah for the non-member part, cents stay with the
    members' part. Nothing to split when the SHU is not positive."""
    shu = to_money(shu)
    if shu <= 0:
        return shu, ZERO
    non_member_income = min(max(to_money(non_member_income), ZERO), to_money(income))
    member_income = to_money(income) - non_member_income
    if non_member_income == 0:
        return shu, ZERO
    member, non_member = largest_remainder(shu, [member_income, non_member_income])
    return member, non_member


def allocate_pools(
    *,
    member_part: Decimal,
    non_member_part: Decimal,
    member_percents: dict[str, Decimal],
    non_member_percents: dict[str, Decimal],
    labels: dict[str, str] | None = None,
) -> list[PoolLine]:
    """The pools of both parts by the by-laws percentages (each set totals 100). The
    non-member part has no jasa anggota."""
    keys = list(POOLS)
    member_weights = [Decimal(member_percents.get(k) or 0) for k in keys]
    non_member_weights = [
        ZERO if k in MEMBER_POOLS else Decimal(non_member_percents.get(k) or 0) for k in keys
    ]
    reserve = keys.index("cadangan")
    member_amounts = (
        largest_remainder(member_part, member_weights, remainder_to=reserve)
        if member_part > 0
        else [ZERO] * len(keys)
    )
    non_member_amounts = (
        largest_remainder(non_member_part, non_member_weights, remainder_to=reserve)
        if non_member_part > 0
        else [ZERO] * len(keys)
    )
    labels = labels or {}
    return [
        PoolLine(
            key=k,
            label=labels.get(k) or POOLS[k][0],
            account_code=POOLS[k][1],
            member_percent=Decimal(member_percents.get(k) or 0),
            non_member_percent=non_member_weights[i],
            member_amount=member_amounts[i],
            non_member_amount=non_member_amounts[i],
        )
        for i, k in enumerate(keys)
    ]


def withholding(gross: Decimal, *, rate: Decimal, threshold: Decimal) -> Decimal:
    """Tax withheld on a member's SHU: the whole share at ``rate`` % when it exceeds
    ``threshold`` (whole rupiah, half up); 0 when the rate is 0 (the default)."""
    if not rate or gross <= threshold or gross <= 0:
        return ZERO
    return (
        (gross * Decimal(rate) / HUNDRED)
        .quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        .quantize(Decimal("0.01"))
    )


def share_out(
    *,
    jma_pool: Decimal,
    jua_pool: Decimal,
    members: list[MemberBasis],
    withholding_rate: Decimal = ZERO,
    withholding_threshold: Decimal = ZERO,
) -> list[ShareLine]:
    """JMAᵢ = JMA × simpananᵢ ÷ Σ simpanan; JUAᵢ = JUA × participationᵢ ÷ Σ participation;
    whole rupiah by largest remainder, ties to the earlier member (pass them sorted by number).
    Members with neither simpanan nor participation get no line."""
    members = [m for m in members if m.simpanan > 0 or m.participation > 0]
    simpanan = [max(m.simpanan, ZERO) for m in members]
    participation = [max(m.participation, ZERO) for m in members]
    jma = largest_remainder(jma_pool, simpanan) if jma_pool else [ZERO] * len(members)
    jua = largest_remainder(jua_pool, participation) if jua_pool else [ZERO] * len(members)
    lines = []
    for m, jm, ju in zip(members, jma, jua, strict=True):
        line = ShareLine(
            member_id=m.member_id,
            number=m.number,
            name=m.name,
            simpanan=to_money(m.simpanan),
            participation=to_money(m.participation),
            jasa_modal=jm,
            jasa_usaha=ju,
        )
        line.withheld = withholding(
            line.gross, rate=withholding_rate, threshold=withholding_threshold
        )
        lines.append(line)
    return lines


def compute(
    *,
    fiscal_year: int,
    start: date,
    end: date,
    final: bool,
    bylaws,
    income: Decimal,
    non_member_income: Decimal,
    shu: Decimal,
    members: list[MemberBasis],
) -> ShuComputation:
    """The whole computation for one year from the figures and the by-laws version."""
    member_part, non_member_part = split_member_part(
        shu=shu, income=income, non_member_income=non_member_income
    )
    result = ShuComputation(
        fiscal_year=fiscal_year,
        start=start,
        end=end,
        final=final,
        bylaws_version_id=getattr(bylaws, "pk", None),
        income=to_money(income),
        non_member_income=to_money(non_member_income) if shu > 0 else ZERO,
        shu=to_money(shu),
        member_part=member_part if shu > 0 else to_money(shu),
        non_member_part=non_member_part,
        jma_basis=bylaws.shu_jma_basis,
        exited_rule=bylaws.shu_exited_rule,
        participation_sources=bylaws.shu_participation_sources,
    )
    labels = {"lain": bylaws.shu_lain_name} if bylaws.shu_lain_name else {}
    if result.negative:
        result.pools = allocate_pools(
            member_part=ZERO,
            non_member_part=ZERO,
            member_percents=bylaws.shu_allocation,
            non_member_percents=bylaws.shu_non_member_allocation,
            labels=labels,
        )
        if result.shu < 0:
            result.statement = (
                f"SHU tahun buku {fiscal_year} negatif ({format_rupiah(result.shu)}): tidak ada "
                "SHU yang dibagikan kepada anggota maupun dana-dana. Kerugian tetap tercatat "
                "sebagai SHU belum dibagi sampai RAT memutuskan cara menutupnya."
            )
        else:
            result.statement = f"SHU tahun buku {fiscal_year} nihil: tidak ada pembagian."
        return result
    pools = allocate_pools(
        member_part=member_part,
        non_member_part=non_member_part,
        member_percents=bylaws.shu_allocation,
        non_member_percents=bylaws.shu_non_member_allocation,
        labels=labels,
    )
    by_key = {p.key: p for p in pools}
    notes = []
    eligible = [m for m in members if m.simpanan > 0 or m.participation > 0]
    for key, measure, what in (
        ("jasa_modal", "simpanan", "simpanan pokok dan wajib"),
        ("jasa_usaha", "participation", "partisipasi usaha"),
    ):
        if by_key[key].amount and not any(getattr(m, measure) > 0 for m in eligible):
            # Nobody to share it with: the pool goes to the reserve.
            by_key["cadangan"].member_amount += by_key[key].member_amount
            notes.append(
                f"{by_key[key].label} {format_rupiah(by_key[key].amount)} masuk dana cadangan "
                f"karena tidak ada anggota dengan {what}."
            )
            by_key[key].member_amount = ZERO
    result.pools = pools
    result.shares = share_out(
        jma_pool=by_key["jasa_modal"].amount,
        jua_pool=by_key["jasa_usaha"].amount,
        members=eligible,
        withholding_rate=bylaws.shu_withholding_rate,
        withholding_threshold=bylaws.shu_withholding_threshold,
    )
    result.statement = " ".join(
        [
            f"SHU tahun buku {fiscal_year} {format_rupiah(result.shu, cents=True)}: bagian "
            f"anggota {format_rupiah(member_part, cents=True)}, bagian dari usaha dengan "
            f"non-anggota {format_rupiah(non_member_part)} (tidak dibagikan kepada anggota).",
            *notes,
        ]
    )
    return result
