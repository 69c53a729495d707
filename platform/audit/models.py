"""The append-only audit log of changes to money, roles, consent, by-laws and periods (public
schema, one table for every cooperative; ``schema_name`` says whose). The database refuses an
UPDATE or DELETE of a row (trigger, migration 0001), like posted journal legs."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "create"
        UPDATE = "update", "update"
        DELETE = "delete", "delete"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    schema_name = models.CharField(max_length=63, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=6, choices=Action.choices)
    model = models.CharField(max_length=100, db_index=True)
    object_pk = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "peristiwa audit"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["schema_name", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_pk}"
