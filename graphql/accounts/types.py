from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.federation.oversight.models import BodyRole, OversightBody
from sokoguru.federation.oversight.selectors import body_role_list
from sokoguru.platform.accounts.models import CooperativeRole, User
from sokoguru.platform.accounts.selectors import cooperative_role_list


class CooperativeRoleType(DjangoObjectType):
    role = graphene.String(required=True)
    cooperative_name = graphene.String(required=True)
    cooperative_slug = graphene.String(required=True)

    class Meta:
        model = CooperativeRole
        name = "CooperativeRole"
        fields = ("role", "granted_at")

    @staticmethod
    def resolve_cooperative_name(root, info):
        return root.cooperative.name

    @staticmethod
    def resolve_cooperative_slug(root, info):
        return root.cooperative.slug


class OversightBodyType(DjangoObjectType):
    kind = graphene.String(required=True)
    region_code = graphene.String(required=True)
    region_name = graphene.String(required=True)

    class Meta:
        model = OversightBody
        name = "OversightBody"
        fields = ("name", "slug", "kind")

    @staticmethod
    def resolve_region_code(root, info):
        return root.region_id

    @staticmethod
    def resolve_region_name(root, info):
        return root.region.name


class BodyRoleType(DjangoObjectType):
    role = graphene.String(required=True)
    body = graphene.Field(OversightBodyType, required=True)

    class Meta:
        model = BodyRole
        name = "BodyRole"
        fields = ("role", "body", "granted_at")


class UserType(DjangoObjectType):
    cooperative_roles = graphene.List(
        graphene.NonNull(CooperativeRoleType),
        required=True,
        description="Roles held in the cooperative of this host (cooperative API) or in every "
        "cooperative (federation API).",
    )
    body_roles = graphene.List(graphene.NonNull(BodyRoleType), required=True)

    class Meta:
        model = User
        name = "User"
        fields = ("email", "full_name", "is_staff")

    @staticmethod
    def resolve_cooperative_roles(root, info):
        tenant = getattr(info.context, "tenant", None)
        if tenant is not None and tenant.schema_name != "public":
            return cooperative_role_list(user=root, cooperative_id=tenant.pk)
        return cooperative_role_list(user=root)

    @staticmethod
    def resolve_body_roles(root, info):
        tenant = getattr(info.context, "tenant", None)
        if tenant is not None and tenant.schema_name != "public":
            return []
        return body_role_list(user=root)


def resolve_me(root, info):
    user = info.context.user
    return user if user.is_authenticated else None
