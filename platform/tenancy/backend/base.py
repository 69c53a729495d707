"""django-tenants' PostgreSQL backend with one addition: on a Citus cluster a refusal by a
deferred constraint trigger on a worker (the ledger's balance check at COMMIT) arrives as
``InternalError`` "could not commit transaction for shard …"; it is raised as the
``IntegrityError`` plain PostgreSQL raises, with the worker's message
(``sokoguru.platform.tenancy.distributed.commit_error``)."""

from django.db import InternalError
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from sokoguru.platform.tenancy import distributed


class DatabaseWrapper(TenantDatabaseWrapper):
    def _commit(self):
        try:
            return super()._commit()
        except InternalError as exc:
            mapped = distributed.commit_error(exc, notices=getattr(self.connection, "notices", []))
            if mapped is None:
                raise
            raise mapped from exc
