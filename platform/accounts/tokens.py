"""Bearer tokens for API clients: created with a password login on one host, valid only on that
host, stored as a SHA-256 hash, revocable (see README, "API clients")."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sokoguru.platform.accounts.models import ApiToken, User

PREFIX = "skg_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, schema_name: str, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user`` on the host of ``schema_name``; the raw value is returned once."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        schema_name=schema_name,
        key_hash=_hash(raw),
        prefix=raw[:12],
        name=name[:100],
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    token.full_clean()
    token.save()
    return token, raw


def api_token_authenticate(*, raw: str, schema_name: str) -> ApiToken | None:
    """The live token of this host named by ``raw``; None for unknown, revoked, expired or
    another host's token."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), schema_name=schema_name, revoked_at__isnull=True)
        .filter(expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is not None and (
        token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5)
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def bearer(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
