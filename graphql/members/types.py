from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node, decode_id
from sokoguru.graphql.core.permissions import current_roles
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.graphql.members.dataloaders import MISSING, page_relation
from sokoguru.graphql.members.roles import READ_ROLES, REGISTER_ROLES
from sokoguru.platform.core.privacy import mask_address, mask_nik, mask_phone
from sokoguru.tenants.members.models import Member, MemberStatusChange, Officer
from sokoguru.tenants.savings.models import ExitSettlement
from sokoguru.tenants.savings.selectors import member_wajib_arrears, savings_balances_for_members


class MemberStatus(graphene.Enum):
    ACTIVE = "active"
    FLAGGED = "flagged"
    INACTIVE = "inactive"
    EXITED = "exited"
    DECEASED = "deceased"


class MemberKind(graphene.Enum):
    PERSON = "person"
    COOPERATIVE = "cooperative"


class OfficerRole(graphene.Enum):
    KETUA = "ketua"
    SEKRETARIS = "sekretaris"
    BENDAHARA = "bendahara"
    PENGAWAS = "pengawas"


class ExitReason(graphene.Enum):
    EXITED = "exited"
    DECEASED = "deceased"


def member_pk(global_id: str, *, field: str = "member_id") -> int:
    """Primary key of a Member from its relay ID ("TWVtYmVyOjE=") or a plain number."""
    return decode_id(global_id, "Member", field=field)


class SavingsBalances(graphene.ObjectType):
    pokok = Money(required=True)
    wajib = Money(required=True)
    sukarela = Money(required=True)
    total = Money(required=True, description="Pokok + wajib + sukarela.")
    loans_outstanding = Money(required=True, description="Sisa pokok pinjaman (buku besar).")


class MemberStatusChangeType(DjangoObjectType):
    from_status = graphene.String()
    to_status = graphene.Field(MemberStatus, required=True)

    class Meta:
        model = MemberStatusChange
        name = "MemberStatusChange"
        fields = ("changed_on", "reason", "created_at")

    @staticmethod
    def resolve_to_status(root, info):
        return str(root.to_status)

    @staticmethod
    def resolve_from_status(root, info):
        return root.from_status or None


class OfficerType(DjangoObjectType):
    role = graphene.Field(OfficerRole, required=True)
    member = graphene.Field(lambda: MemberType, required=True)

    class Meta:
        model = Officer
        name = "Officer"
        fields = ("term_start", "term_end", "ended_on", "decree")

    @staticmethod
    def resolve_role(root, info):
        return str(root.role)


class ExitSettlementType(DjangoObjectType):
    reason = graphene.Field(ExitReason, required=True)
    pokok = Money(required=True)
    wajib = Money(required=True)
    sukarela = Money(required=True)
    savings_total = Money(required=True)
    loans_outstanding = Money(required=True)
    refund = Money(required=True)
    waived_wajib = Money(required=True)
    journal_transaction_id = graphene.ID()

    class Meta:
        model = ExitSettlement
        name = "ExitSettlement"
        fields = ("settled_on", "paid_from", "note", "created_at")

    @staticmethod
    def resolve_reason(root, info):
        return str(root.reason)


def _full_personal_data(root, info) -> bool:
    if hasattr(root, "_page_balances"):
        return False
    return bool(current_roles(info) & REGISTER_ROLES)


class MemberType(DjangoObjectType):
    kind = graphene.Field(MemberKind, required=True)
    status = graphene.Field(MemberStatus, required=True)
    cooperative_id = graphene.Int(description="Registry id of a member cooperative (sekunder).")
    pokok_paid_on = graphene.Date()
    balances = graphene.Field(SavingsBalances, required=True)
    wajib_arrears_months = graphene.Int(
        required=True, description="Unpaid simpanan wajib of months already ended."
    )
    status_history = graphene.List(graphene.NonNull(MemberStatusChangeType), required=True)
    officer_terms = graphene.List(graphene.NonNull(OfficerType), required=True)
    exit_settlement = graphene.Field(ExitSettlementType)

    class Meta:
        model = Member
        name = "Member"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = (
            "number",
            "full_name",
            "nik",
            "nip",
            "gender",
            "birth_date",
            "address",
            "rt",
            "rw",
            "phone",
            "joined_on",
            "status_changed_on",
            "exited_on",
        )
        convert_choices_to_enum = False

    @classmethod
    def get_queryset(cls, queryset, info):
        if not current_roles(info) & READ_ROLES:
            return queryset.none()
        return queryset.select_related("savings_account")

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    # Personal data: full on one member's record for the officers who register members,
    # masked in lists (a list page carries ``_page_balances``) and for everyone else.
    @staticmethod
    def resolve_nik(root, info):
        return root.nik if _full_personal_data(root, info) else mask_nik(root.nik)

    @staticmethod
    def resolve_phone(root, info):
        return root.phone if _full_personal_data(root, info) else mask_phone(root.phone)

    @staticmethod
    def resolve_address(root, info):
        return root.address if _full_personal_data(root, info) else mask_address(root.address)

    @staticmethod
    def resolve_pokok_paid_on(root, info):
        account = getattr(root, "savings_account", None)
        return account.pokok_paid_on if account is not None else None

    @staticmethod
    def resolve_balances(root, info):
        # A list page attaches its balances in one query (MemberConnectionField).
        balances = getattr(root, "_page_balances", None)
        if balances is None:
            balances = savings_balances_for_members(member_ids=[root.pk])[root.pk]
        return SavingsBalances(**balances)

    @staticmethod
    def resolve_wajib_arrears_months(root, info):
        months = getattr(root, "_page_arrears", None)
        if months is None:
            months = member_wajib_arrears(member_id=root.pk)["months"]
        return months

    @staticmethod
    def resolve_status_history(root, info):
        page = page_relation(root, "_page_status_history")
        if page is not MISSING:
            return page
        return root.status_history.order_by("changed_on", "id")

    @staticmethod
    def resolve_officer_terms(root, info):
        page = page_relation(root, "_page_officer_terms")
        if page is not MISSING:
            return page
        return root.officer_terms.order_by("-term_start", "id")

    @staticmethod
    def resolve_exit_settlement(root, info):
        page = page_relation(root, "_page_exit_settlement")
        if page is not MISSING:
            return page
        return ExitSettlement.objects.filter(member=root).first()


class MemberCounts(graphene.ObjectType):
    active = graphene.Int(required=True)
    flagged = graphene.Int(required=True)
    inactive = graphene.Int(required=True)
    exited = graphene.Int(required=True)
    deceased = graphene.Int(required=True)
    total = graphene.Int(required=True)
