"""The cooperative API, served at /graphql/ on each cooperative's host. Domain roots are
combined here (one Queries/Mutations class per domain folder)."""

from __future__ import annotations

import graphene

from sokoguru.graphql.accounts.types import UserType, resolve_me
from sokoguru.graphql.bylaws.schema import BylawsQueries
from sokoguru.graphql.health.schema import HealthMutations, HealthQueries
from sokoguru.graphql.intercoop.schema import InterCoopMutations, InterCoopQueries
from sokoguru.graphql.ledger.schema import LedgerMutations, LedgerQueries
from sokoguru.graphql.loans.schema import LoanMutations, LoanQueries
from sokoguru.graphql.meetings.schema import MeetingMutations, MeetingQueries
from sokoguru.graphql.members.schema import MemberMutations, MemberQueries
from sokoguru.graphql.production.schema import ProductionMutations, ProductionQueries
from sokoguru.graphql.savings.schema import SavingsMutations, SavingsQueries
from sokoguru.graphql.shu.schema import ShuMutations, ShuQueries
from sokoguru.graphql.tenancy.schema import CooperativeQueries
from sokoguru.graphql.wastebank.schema import WasteBankMutations, WasteBankQueries


class Query(
    CooperativeQueries,
    LedgerQueries,
    BylawsQueries,
    MemberQueries,
    SavingsQueries,
    LoanQueries,
    InterCoopQueries,
    WasteBankQueries,
    MeetingQueries,
    ShuQueries,
    ProductionQueries,
    HealthQueries,
    graphene.ObjectType,
):
    me = graphene.Field(UserType, resolver=resolve_me)


class Mutation(
    LedgerMutations,
    MemberMutations,
    SavingsMutations,
    LoanMutations,
    InterCoopMutations,
    WasteBankMutations,
    MeetingMutations,
    ShuMutations,
    ProductionMutations,
    HealthMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
