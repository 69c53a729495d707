"""The federation API, served at /graphql/ on the platform host."""

from __future__ import annotations

import graphene

from sokoguru.graphql.accounts.types import UserType, resolve_me
from sokoguru.graphql.core.ids import Node
from sokoguru.graphql.federation.schema import FederationMutations, FederationQueries
from sokoguru.graphql.reports.schema import ReportMutations, ReportQueries
from sokoguru.graphql.tenancy.schema import RegistryMutations, RegistryQueries


class Query(RegistryQueries, FederationQueries, ReportQueries, graphene.ObjectType):
    node = Node.Field()
    me = graphene.Field(UserType, resolver=resolve_me)


class Mutation(RegistryMutations, FederationMutations, ReportMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
