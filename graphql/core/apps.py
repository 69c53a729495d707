from django.apps import AppConfig


class GraphQLCoreConfig(AppConfig):
    name = "sokoguru.graphql.core"
    label = "graphql_core"
    verbose_name = "GraphQL"
