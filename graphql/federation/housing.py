"""Federation GraphQL: the housing programmes of the sekunders in a scope, in aggregate (no
member data)."""

from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import Money


class HousingStatusCount(graphene.ObjectType):
    status = graphene.String(required=True)
    count = graphene.Int(required=True)


class HousingProgrammeAggregate(graphene.ObjectType):
    projects = graphene.Int(required=True)
    units = graphene.Int(required=True)
    applications = graphene.Int(required=True)
    by_status = graphene.List(graphene.NonNull(HousingStatusCount), required=True)
    down_payment_paid = Money(required=True)

    @staticmethod
    def resolve_by_status(root, info):
        return [HousingStatusCount(status=s, count=n) for s, n in sorted(root["by_status"].items())]

    @staticmethod
    def resolve_projects(root, info):
        return root["projects"]

    @staticmethod
    def resolve_units(root, info):
        return root["units"]

    @staticmethod
    def resolve_applications(root, info):
        return root["applications"]

    @staticmethod
    def resolve_down_payment_paid(root, info):
        return root["down_payment_paid"]
