"""The database engine: django-tenants' PostgreSQL backend, plus the Citus commit mapping."""
