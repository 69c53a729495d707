"""Writes for members: registration (one or in bulk), profile updates, status changes with
history, member numbers and officers' terms. Money (pokok, wajib, exit settlement) lives in
``sokoguru.tenants.savings``, which calls the status functions here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.platform.tenancy.today import require_not_future
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.members.models import (
    Member,
    MemberNumberCounter,
    MemberStatusChange,
    Officer,
)
from sokoguru.tenants.members.permissions import MEMBER_REGISTER_ROLES, OFFICER_ROLES
from sokoguru.tenants.members.selectors import member_get
from sokoguru.tenants.members.validators import nik_parse, phone_normalize

SECONDARY_KIND = "secondary"
GENERIC_SLUG_PARTS = {"kop", "koperasi", "kopsek", "coop", "k", "hj", "kpri", "kpn"}
UPDATABLE_FIELDS = ("full_name", "nip", "address", "rt", "rw", "phone")
NIP_RE = re.compile(r"^\d{18}$")
RT_RW_RE = re.compile(r"^\d{1,3}$")


# --- Member numbers ---------------------------------------------------------------------------


def member_number_prefix(slug: str) -> str:
    """The member-number prefix of a cooperative: "hj-rw01" → "RW01", "kop-disbun" → "DISBUN",
    "kopsek-opd-sumut" → "OPD"."""
    parts = [p for p in (slug or "").lower().split("-") if p]
    for part in parts:
        if re.fullmatch(r"rw\d{1,3}", part):
            return part.upper()
    meaningful = [p for p in parts if p not in GENERIC_SLUG_PARTS]
    prefix = (meaningful[0] if meaningful else (parts[-1] if parts else "A")).upper()
    return re.sub(r"[^A-Z0-9]", "", prefix)[:8] or "A"


def _take_numbers(count: int) -> list[str]:
    """Take ``count`` fresh member numbers (locks the counter row until commit)."""
    counter = MemberNumberCounter.objects.select_for_update().filter(singleton=True).first()
    if counter is None:
        tenant = getattr(connection, "tenant", None)
        MemberNumberCounter.objects.get_or_create(
            singleton=True,
            defaults={"prefix": member_number_prefix(getattr(tenant, "slug", ""))},
        )
        counter = MemberNumberCounter.objects.select_for_update().get(singleton=True)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [f"{counter.prefix}-{n:04d}" for n in range(first, first + count)]


def member_numbers_install(*, cooperative) -> MemberNumberCounter:
    """Provisioning hook: the member-number counter with the cooperative's prefix."""
    require_tenant_schema()
    counter, _ = MemberNumberCounter.objects.get_or_create(
        singleton=True, defaults={"prefix": member_number_prefix(cooperative.slug)}
    )
    return counter


# --- Registration -----------------------------------------------------------------------------


def _current_cooperative_kind() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "kind", "")


def _clean_person(
    *,
    full_name: str,
    nik: str,
    joined_on: date | None,
    nip: str = "",
    address: str = "",
    rt: str = "",
    rw: str = "",
    phone: str = "",
    today: date,
) -> dict:
    """Validate and normalise one person's registration data; errors keyed by field."""
    errors: dict[str, list[str]] = {}
    data: dict = {
        "kind": Member.Kind.PERSON,
        "full_name": " ".join((full_name or "").split()),
        "nik": (nik or "").strip(),
        "nip": re.sub(r"\s", "", nip or ""),
        "address": (address or "").strip(),
        "rt": (rt or "").strip(),
        "rw": (rw or "").strip(),
        "joined_on": joined_on,
    }
    if not data["full_name"]:
        errors.setdefault("full_name", []).append("Nama lengkap wajib diisi. / Required.")
    try:
        info = nik_parse(data["nik"], today=today)
        data["birth_date"] = info.birth_date
        data["gender"] = info.gender
    except ValidationError as exc:
        errors.setdefault("nik", []).extend(exc.error_list)
    if data["nip"] and not NIP_RE.match(data["nip"]):
        errors.setdefault("nip", []).append("NIP harus 18 digit angka. / NIP must be 18 digits.")
    for name in ("rt", "rw"):
        if data[name]:
            if not RT_RW_RE.match(data[name]):
                errors.setdefault(name, []).append(
                    f"{name.upper()} harus berupa angka, mis. 003. / Digits only."
                )
            else:
                data[name] = f"{int(data[name]):03d}"
    try:
        data["phone"] = phone_normalize(phone)
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.error_list)
    if joined_on is None:
        errors.setdefault("joined_on", []).append("Tanggal masuk wajib diisi. / Required.")
    elif joined_on > today:
        errors.setdefault("joined_on", []).append(
            "Tanggal masuk tidak boleh di masa depan. / Cannot be in the future."
        )
    elif "birth_date" in data and joined_on < data["birth_date"]:
        errors.setdefault("joined_on", []).append(
            "Tanggal masuk sebelum tanggal lahir. / Joined before birth."
        )
    if errors:
        raise ValidationError(errors)
    return data


def _registration_history(members: Iterable[Member], created_by_id: int | None):
    return [
        MemberStatusChange(
            member=m,
            from_status="",
            to_status=m.status,
            changed_on=m.joined_on,
            reason="Pendaftaran anggota; aktif setelah simpanan pokok dibayar.",
            created_by_id=created_by_id,
        )
        for m in members
    ]


@transaction.atomic
def member_register(
    *,
    full_name: str,
    nik: str,
    joined_on: date,
    nip: str = "",
    address: str = "",
    rt: str = "",
    rw: str = "",
    phone: str = "",
    created_by_id: int | SystemActor,
) -> Member:
    """Register a person as a member. The member gets the next member number and starts
    ``inactive`` until the simpanan pokok is paid (``savings.services.pokok_pay``)."""
    created_by_id = require_actor(created_by_id, MEMBER_REGISTER_ROLES, field="created_by_id")
    require_tenant_schema()
    if _current_cooperative_kind() == SECONDARY_KIND:
        raise ValidationError(
            {
                "nik": "Anggota koperasi sekunder adalah koperasi, bukan perorangan. / "
                "A secondary cooperative's members are cooperatives."
            }
        )
    data = _clean_person(
        full_name=full_name,
        nik=nik,
        joined_on=joined_on,
        nip=nip,
        address=address,
        rt=rt,
        rw=rw,
        phone=phone,
        today=cooperative_today(),
    )
    if Member.objects.filter(nik=data["nik"]).exists():
        raise ValidationError({"nik": "NIK sudah terdaftar di koperasi ini. / NIK already used."})
    if data["nip"] and Member.objects.filter(nip=data["nip"]).exists():
        raise ValidationError({"nip": "NIP sudah terdaftar di koperasi ini. / NIP already used."})
    member = Member(
        **data,
        number=_take_numbers(1)[0],
        status=Member.Status.INACTIVE,
        status_changed_on=joined_on,
        created_by_id=created_by_id,
    )
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"nik": "NIK sudah terdaftar di koperasi ini. / NIK already used."})
    MemberStatusChange.objects.bulk_create(_registration_history([member], created_by_id))
    return member


@transaction.atomic
def member_register_cooperative(
    *,
    cooperative_id: int,
    joined_on: date,
    phone: str = "",
    address: str = "",
    created_by_id: int | SystemActor,
) -> Member:
    """In a koperasi sekunder: register a primary cooperative (from the registry) as a member."""
    created_by_id = require_actor(created_by_id, MEMBER_REGISTER_ROLES, field="created_by_id")
    require_tenant_schema()
    from sokoguru.platform.tenancy.models import Cooperative

    tenant = getattr(connection, "tenant", None)
    if _current_cooperative_kind() != SECONDARY_KIND:
        raise ValidationError(
            {
                "cooperative_id": "Hanya koperasi sekunder yang beranggotakan koperasi. / "
                "Only a secondary cooperative has member cooperatives."
            }
        )
    other = (
        Cooperative.objects.filter(pk=cooperative_id)
        .exclude(kind__in=[Cooperative.Kind.PLATFORM, Cooperative.Kind.SECONDARY])
        .first()
    )
    if other is None or (tenant is not None and other.pk == tenant.pk):
        raise ValidationError(
            {"cooperative_id": "Koperasi primer tidak ditemukan di registri. / Unknown."}
        )
    if Member.objects.filter(cooperative_id=other.pk).exists():
        raise ValidationError(
            {"cooperative_id": "Koperasi ini sudah menjadi anggota. / Already a member."}
        )
    if joined_on is None or joined_on > cooperative_today():
        raise ValidationError(
            {"joined_on": "Tanggal masuk wajib diisi dan tidak di masa depan. / Invalid date."}
        )
    try:
        normalized_phone = phone_normalize(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages})
    member = Member(
        kind=Member.Kind.COOPERATIVE,
        full_name=other.name,
        nik="",
        cooperative_id=other.pk,
        address=(address or "").strip(),
        phone=normalized_phone,
        joined_on=joined_on,
        number=_take_numbers(1)[0],
        status=Member.Status.INACTIVE,
        status_changed_on=joined_on,
        created_by_id=created_by_id,
    )
    member.full_clean()
    member.save()
    MemberStatusChange.objects.bulk_create(_registration_history([member], created_by_id))
    return member


@transaction.atomic
def members_bulk_register(*, rows: list[dict], created_by_id: int | SystemActor) -> list[Member]:
    """Register many people at once (a paper member book being digitised). Every row is
    validated first; errors are reported as ``{"row 3.nik": [...]}`` and nothing is written.
    Rows take the same keys as ``member_register``."""
    created_by_id = require_actor(created_by_id, MEMBER_REGISTER_ROLES, field="created_by_id")
    require_tenant_schema()
    if _current_cooperative_kind() == SECONDARY_KIND:
        raise ValidationError({"rows": "Anggota koperasi sekunder adalah koperasi."})
    today = cooperative_today()
    errors: dict[str, list[str]] = {}
    cleaned: list[dict] = []
    seen_nik: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        try:
            data = _clean_person(
                full_name=row.get("full_name", ""),
                nik=row.get("nik", ""),
                joined_on=row.get("joined_on"),
                nip=row.get("nip", ""),
                address=row.get("address", ""),
                rt=row.get("rt", ""),
                rw=row.get("rw", ""),
                phone=row.get("phone", ""),
                today=today,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"row {index}.{field}"] = messages
            continue
        if data["nik"] in seen_nik:
            errors[f"row {index}.nik"] = [f"NIK sama dengan baris {seen_nik[data['nik']]}."]
            continue
        seen_nik[data["nik"]] = index
        cleaned.append(data)
    taken = set(Member.objects.filter(nik__in=list(seen_nik)).values_list("nik", flat=True))
    for nik in sorted(taken):
        errors[f"row {seen_nik[nik]}.nik"] = ["NIK sudah terdaftar di koperasi ini."]
    if errors:
        raise ValidationError(errors)
    numbers = _take_numbers(len(cleaned))
    members = [
        Member(
            **data,
            number=number,
            status=Member.Status.INACTIVE,
            status_changed_on=data["joined_on"],
            created_by_id=created_by_id,
        )
        for data, number in zip(cleaned, numbers, strict=True)
    ]
    Member.objects.bulk_create(members, batch_size=1000)
    MemberStatusChange.objects.bulk_create(
        _registration_history(members, created_by_id), batch_size=1000
    )
    return members


@transaction.atomic
def member_update(*, member_id: int, created_by_id: int | SystemActor, **changes) -> Member:
    """Change a member's name, NIP, address, RT/RW or phone."""
    created_by_id = require_actor(created_by_id, MEMBER_REGISTER_ROLES, field="created_by_id")
    require_tenant_schema()
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: "Kolom tidak dapat diubah. / Not editable." for name in unknown}
        )
    member = member_get(member_id=member_id)
    member = Member.objects.select_for_update().get(pk=member.pk)
    errors: dict[str, list[str]] = {}
    if "phone" in changes:
        try:
            changes["phone"] = phone_normalize(changes["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.error_list
    if "nip" in changes:
        changes["nip"] = re.sub(r"\s", "", changes["nip"] or "")
        if changes["nip"] and not NIP_RE.match(changes["nip"]):
            errors["nip"] = ["NIP harus 18 digit angka. / NIP must be 18 digits."]
        elif (
            changes["nip"]
            and Member.objects.filter(nip=changes["nip"]).exclude(pk=member.pk).exists()
        ):
            errors["nip"] = ["NIP sudah terdaftar di koperasi ini. / NIP already used."]
    for name in ("rt", "rw"):
        if changes.get(name):
            value = changes[name].strip()
            if not RT_RW_RE.match(value):
                errors[name] = [f"{name.upper()} harus berupa angka. / Digits only."]
            else:
                changes[name] = f"{int(value):03d}"
    if "full_name" in changes:
        changes["full_name"] = " ".join((changes["full_name"] or "").split())
    if errors:
        raise ValidationError(errors)
    for name, value in changes.items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    return member


# --- Status -----------------------------------------------------------------------------------

FINAL_STATUSES = {Member.Status.EXITED, Member.Status.DECEASED}


def member_status_change(
    *,
    member: Member,
    to_status: str,
    on: date,
    reason: str,
    created_by_id: int | None = None,
) -> Member:
    """Move a member to ``to_status`` and record it in the history. Called inside the caller's
    transaction by the savings rules (pokok paid → active, wajib arrears → flagged/inactive)
    and by the exit settlement (→ exited/deceased). A member who left never comes back."""
    require_tenant_schema()
    if to_status not in Member.Status.values:
        raise ValidationError({"status": "Status tidak dikenal. / Unknown status."})
    if member.status in FINAL_STATUSES:
        raise Conflict(
            "Anggota sudah keluar atau meninggal dunia. / The member has left.", field="member_id"
        )
    if member.status == to_status:
        return member
    previous = member.status
    member.status = to_status
    member.status_changed_on = on
    fields = ["status", "status_changed_on"]
    if to_status in FINAL_STATUSES:
        member.exited_on = on
        fields.append("exited_on")
    member.save(update_fields=fields)
    MemberStatusChange.objects.create(
        member=member,
        from_status=previous,
        to_status=to_status,
        changed_on=on,
        reason=reason,
        created_by_id=created_by_id,
    )
    return member


def members_status_bulk_change(
    *, changes: dict[int, str], on: date, reason: str, created_by_id: int | None = None
) -> int:
    """Apply many status changes (member id → new status) with two queries per status plus the
    history; members who left are skipped. Returns how many changed."""
    require_tenant_schema()
    if not changes:
        return 0
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status FROM {table} "  # noqa: S608
            "WHERE id = ANY(%s) AND NOT (status = ANY(%s))",
            [list(changes), [str(s) for s in FINAL_STATUSES]],
        )
        current = dict(cursor.fetchall())
    history = []
    by_status: dict[str, list[int]] = {}
    for member_id, to_status in changes.items():
        previous = current.get(member_id)
        if previous is None or previous == to_status:
            continue
        by_status.setdefault(to_status, []).append(member_id)
        history.append(
            MemberStatusChange(
                member_id=member_id,
                from_status=previous,
                to_status=to_status,
                changed_on=on,
                reason=reason,
                created_by_id=created_by_id,
            )
        )
    for to_status, ids in by_status.items():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, status_changed_on = %s "  # noqa: S608
                "WHERE id = ANY(%s)",
                [str(to_status), on, ids],
            )
    MemberStatusChange.objects.bulk_create(history, batch_size=1000)
    return len(history)


# --- Officers ---------------------------------------------------------------------------------


@transaction.atomic
def officer_assign(
    *,
    created_by_id: int | SystemActor,
    member_id: int,
    role: str,
    term_start: date,
    term_end: date,
    decree: str = "",
) -> Officer:
    """Appoint a member as ketua, sekretaris, bendahara or pengawas for a term. A new ketua
    replaces the serving one, whose term ends the day before (``ended_on``)."""
    created_by_id = require_actor(created_by_id, OFFICER_ROLES, field="created_by_id")
    require_tenant_schema()
    if role not in Officer.Role.values:
        raise ValidationError({"role": "Jabatan tidak dikenal. / Unknown role."})
    member = member_get(member_id=member_id)
    if member.kind != Member.Kind.PERSON:
        raise ValidationError({"member_id": "Pengurus harus anggota perorangan. / Person only."})
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(
            {"member_id": "Hanya anggota aktif yang dapat menjabat. / Active members only."}
        )
    require_not_future(term_start, field="term_start")
    if term_end is None or term_end <= term_start:
        raise ValidationError(
            {"term_end": "Akhir masa jabatan harus setelah awalnya. / End must follow start."}
        )
    serving = Officer.objects.select_for_update().filter(role=role, ended_on__isnull=True)
    if serving.filter(member=member).exists():
        raise ValidationError(
            {"member_id": "Anggota ini sedang menjabat pada jabatan ini. / Already serving."}
        )
    if role == Officer.Role.KETUA:
        current = serving.first()
        if current is not None:
            if current.term_start >= term_start:
                raise ValidationError(
                    {
                        "term_start": "Masa jabatan baru harus dimulai setelah awal masa jabatan "
                        "ketua yang sekarang. / Must start after the serving ketua's term."
                    }
                )
            current.ended_on = date.fromordinal(term_start.toordinal() - 1)
            current.save(update_fields=["ended_on"])
    officer = Officer(
        member=member, role=role, term_start=term_start, term_end=term_end, decree=decree
    )
    officer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            officer.save()
    except IntegrityError:
        raise Conflict("Sudah ada ketua yang sedang menjabat.", field="role")
    return officer


@transaction.atomic
def officer_end(*, created_by_id: int | SystemActor, officer_id: int, ended_on: date) -> Officer:
    created_by_id = require_actor(created_by_id, OFFICER_ROLES, field="created_by_id")
    require_tenant_schema()
    officer = Officer.objects.select_for_update().filter(pk=officer_id).first()
    if officer is None:
        raise NotFound("Pengurus tidak ditemukan. / Officer not found.", field="officer_id")
    if officer.ended_on is not None:
        raise Conflict("Masa jabatan sudah berakhir. / Term already ended.", field="officer_id")
    require_not_future(ended_on, field="ended_on")
    if ended_on < officer.term_start:
        raise ValidationError({"ended_on": "Sebelum awal masa jabatan. / Before term start."})
    officer.ended_on = ended_on
    officer.save(update_fields=["ended_on"])
    return officer
