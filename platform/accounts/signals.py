"""Bind every session to the schema (host) it was created on."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.dispatch import receiver

SESSION_SCHEMA_KEY = "_sokoguru_schema"


@receiver(user_logged_in)
def bind_session_to_schema(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_SCHEMA_KEY] = connection.schema_name
