"""Scopes: the views a user may take in the federation. Every federation read starts from a
``Scope`` obtained here for the requesting user, and filters by it; there is no unscoped path."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.sekunder.selectors import sekunder_list_for_user, sekunder_member_ids
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.regions import region_q

BODY = "body"
SEKUNDER = "sekunder"
SEKUNDER_KIND = "sekunder"


@dataclass(frozen=True)
class Scope:
    kind: str  # BODY or SEKUNDER
    pk: int  # OversightBody id or the sekunder Cooperative id
    slug: str
    name: str
    body_kind: str  # an OversightBody.Kind value, or "sekunder"
    region_code: str  # the body's region; the sekunder's own domicile
    region_name: str
    role: str  # the user's role: official/viewer on a body, the officer role in a sekunder

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.slug}"

    @property
    def is_sekunder(self) -> bool:
        return self.kind == SEKUNDER

    @property
    def body_kind_label(self) -> str:
        if self.is_sekunder:
            return _("Koperasi sekunder")
        return str(OversightBody.Kind(self.body_kind).label)

    def region_q(self, field: str) -> Q:
        """Rows whose ``field`` (a Kemendagri code) lies in this body's region."""
        return region_q(field, self.region_code)

    def snapshot_q(self) -> Q:
        """Filter for snapshot rows (``region_code``, ``cooperative_id`` columns)."""
        if self.is_sekunder:
            return Q(cooperative_id__in=sekunder_member_ids(sekunder_id=self.pk))
        return self.region_q("region_code")

    def cooperative_q(self) -> Q:
        """Filter for registry rows (``Cooperative``)."""
        if self.is_sekunder:
            return Q(pk__in=sekunder_member_ids(sekunder_id=self.pk))
        return self.region_q("domicile__code")

    def cooperatives(self):
        return (
            Cooperative.objects.exclude(kind=Cooperative.Kind.PLATFORM)
            .filter(self.cooperative_q())
            .order_by("name")
        )

    def covers(self, cooperative_id: int) -> bool:
        return self.cooperatives().filter(pk=cooperative_id).exists()


def _body_scope(body: OversightBody, role: str) -> Scope:
    return Scope(
        kind=BODY,
        pk=body.pk,
        slug=body.slug,
        name=body.name,
        body_kind=body.kind,
        region_code=body.region_id,
        region_name=body.region.name,
        role=role,
    )


def _sekunder_scope(coop: Cooperative, role: str) -> Scope:
    return Scope(
        kind=SEKUNDER,
        pk=coop.pk,
        slug=coop.slug,
        name=coop.name,
        body_kind=SEKUNDER_KIND,
        region_code=coop.domicile_id or "",
        region_name=coop.domicile.name if coop.domicile_id else "",
        role=role,
    )


def scope_list_for_user(*, user) -> list[Scope]:
    """Every scope of ``user``: one per oversight body they hold a role on, one per secondary
    cooperative they are an officer of. Cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return []
    cached = user.__dict__.get("_sokoguru_scopes")
    if cached is not None:
        return cached
    scopes: dict[str, Scope] = {}
    rank = {BodyRole.Role.OFFICIAL: 0, BodyRole.Role.VIEWER: 1}
    for grant in (
        BodyRole.objects.filter(user=user)
        .select_related("body", "body__region")
        .order_by("body__name")
    ):
        scope = _body_scope(grant.body, grant.role)
        current = scopes.get(scope.key)
        if current is None or rank[grant.role] < rank.get(current.role, 9):
            scopes[scope.key] = scope
    sekunders = list(sekunder_list_for_user(user=user))
    if sekunders:
        roles = dict(
            user.cooperative_roles.filter(cooperative__in=sekunders)
            .order_by("role")
            .values_list("cooperative_id", "role")
        )
        for coop in sekunders:
            scope = _sekunder_scope(coop, roles.get(coop.pk, ""))
            scopes[scope.key] = scope
    result = list(scopes.values())
    user.__dict__["_sokoguru_scopes"] = result
    return result


def scope_get(*, user, key: str) -> Scope:
    """The user's scope named ``key`` (``body:<slug>`` or ``sekunder:<slug>``). A key the user
    holds no role on is reported exactly like an unknown one (no existence leak)."""
    for scope in scope_list_for_user(user=user):
        if scope.key == key:
            return scope
    raise NotFound("Badan tidak ditemukan. / Body not found.", field="body")


def scopes_covering(*, user, cooperative_id: int) -> list[Scope]:
    """The user's scopes that include ``cooperative_id`` (empty: the user may not see it)."""
    return [s for s in scope_list_for_user(user=user) if s.covers(cooperative_id)]
