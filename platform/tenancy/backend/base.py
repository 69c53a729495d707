"""django-tenants' PostgreSQL backend with one addition: on a Citus cluster a refusal by a
deferred constraint trigger on a worker (the ledger's balance check at COMMIT) arrives as
``InternalError`` "could not commit transaction for shard …"; it is raised as the
``IntegrityError`` plain PostgreSQL raises, with the worker's message
(``sokoguru.platform.tenancy.distributed.commit_error``); and a schema editor that, on Citus,
adds a column with a CHECK constraint (a ``PositiveIntegerField``) in two statements, since Citus
refuses an unnamed constraint inside ``ADD COLUMN`` on a distributed table."""

from django.db import InternalError
from django.db.backends.postgresql.schema import DatabaseSchemaEditor
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from sokoguru.platform.tenancy import distributed


class SchemaEditor(DatabaseSchemaEditor):
    def add_field(self, model, field):
        check = field.db_parameters(connection=self.connection)["check"]
        if not check or not distributed.citus_enabled(self.connection):
            return super().add_field(model, field)
        field.db_check = lambda connection: None  # the column first, without its check
        try:
            super().add_field(model, field)
        finally:
            del field.db_check
        # the name PostgreSQL gives an inline column check, so the schema matches a new one's
        name = f"{model._meta.db_table}_{field.column}_check"[:63]
        self.execute(self._create_check_sql(model, name, check))


class DatabaseWrapper(TenantDatabaseWrapper):
    SchemaEditorClass = SchemaEditor

    def _commit(self):
        try:
            return super()._commit()
        except InternalError as exc:
            mapped = distributed.commit_error(exc, notices=getattr(self.connection, "notices", []))
            if mapped is None:
                raise
            raise mapped from exc
