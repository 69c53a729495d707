from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.members.models import Member, MemberStatusChange, Officer


def member_get(*, member_id: int) -> Member:
    require_tenant_schema()
    try:
        member_id = int(member_id)
    except (TypeError, ValueError):
        raise NotFound("Anggota tidak ditemukan. / Member not found.", field="member_id")
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise NotFound("Anggota tidak ditemukan. / Member not found.", field="member_id")
    return member


def member_get_by_number(*, number: str) -> Member:
    require_tenant_schema()
    member = Member.objects.filter(number=(number or "").strip().upper()).first()
    if member is None:
        raise NotFound("Nomor anggota tidak ditemukan. / Unknown member number.", field="number")
    return member


def member_list(
    *, status: str | list[str] | None = None, search: str | None = None, kind: str | None = None
) -> QuerySet[Member]:
    """Members by number; ``search`` matches name, member number, NIK, NIP or phone (``0812…``,
    ``62812…`` and ``+62812…`` alike; phones are stored as +62…)."""
    require_tenant_schema()
    qs = Member.objects.all()
    if status:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else status)
    if kind:
        qs = qs.filter(kind=kind)
    term = (search or "").strip()
    if term:
        match = Q(full_name__icontains=term) | Q(number__icontains=term) | Q(nik=term) | Q(nip=term)
        digits = term.replace(" ", "").replace("-", "").lstrip("+")
        if digits.isdigit() and len(digits) >= 4:
            if digits.startswith("0"):
                digits = "62" + digits[1:]
            match |= Q(phone__contains=digits)
        qs = qs.filter(match)
    return qs.order_by("number")


def member_counts_by_status() -> dict[str, int]:
    """{status: count} with every status present (0 when none)."""
    require_tenant_schema()
    counts = {value: 0 for value in Member.Status.values}
    for row in Member.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def member_status_history(*, member_id: int) -> QuerySet[MemberStatusChange]:
    require_tenant_schema()
    return MemberStatusChange.objects.filter(member_id=member_id).order_by("changed_on", "id")


def officer_list(*, serving_on: date | None = None, role: str | None = None) -> QuerySet[Officer]:
    """Officers (with their member). ``serving_on``: only those serving on that day."""
    require_tenant_schema()
    qs = Officer.objects.select_related("member")
    if role:
        qs = qs.filter(role=role)
    if serving_on is not None:
        qs = qs.filter(term_start__lte=serving_on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=serving_on)
        )
    return qs.order_by("role", "-term_start")


def status_history_by_member(*, member_ids: list[int]) -> dict[int, list[MemberStatusChange]]:
    """member_id → its status changes, oldest first; one query for a page of members."""
    require_tenant_schema()
    out: dict[int, list[MemberStatusChange]] = {pk: [] for pk in member_ids}
    for change in MemberStatusChange.objects.filter(member_id__in=member_ids).order_by(
        "changed_on", "id"
    ):
        out[change.member_id].append(change)
    return out


def officer_terms_by_member(*, member_ids: list[int]) -> dict[int, list[Officer]]:
    """member_id → its officer terms, newest first; one query for a page of members."""
    require_tenant_schema()
    out: dict[int, list[Officer]] = {pk: [] for pk in member_ids}
    for term in Officer.objects.filter(member_id__in=member_ids).order_by("-term_start", "id"):
        out[term.member_id].append(term)
    return out
