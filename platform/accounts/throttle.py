"""Login throttling for every login (dashboard, both admins, API tokens): after too many failed
attempts for one account or from one address within a window, further attempts are refused —
even with the right password — until the window has passed. Every failure and every refusal is
logged (without the password)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone

from sokoguru.platform.accounts.models import LoginFailure

logger = logging.getLogger("sokoguru.security")


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR (behind a proxy, set it from the proxy's header)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _normal(username) -> str:
    return str(username or "").strip().lower()[:254]


def is_locked(*, username, address) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    if username and recent.filter(username=_normal(username)).count() >= (
        settings.LOGIN_MAX_FAILURES_PER_ACCOUNT
    ):
        return True
    return bool(
        address
        and recent.filter(address=address).count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS
    )


class ThrottledModelBackend(ModelBackend):
    """Django's model backend behind the lockout check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username or kwargs.get("email")
        address = client_address(request)
        if is_locked(username=username, address=address):
            logger.warning(
                "login refused (locked): account=%s address=%s", _normal(username), address
            )
            raise PermissionDenied("locked")
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def record_failure(sender, credentials, request=None, **kwargs) -> None:
    username = _normal(credentials.get("username") or credentials.get("email"))
    address = client_address(request)
    LoginFailure.objects.create(username=username, address=address)
    logger.warning("login failed: account=%s address=%s", username, address)


@receiver(user_logged_in)
def clear_failures(sender, request, user, **kwargs) -> None:
    LoginFailure.objects.filter(username=_normal(user.get_username())).delete()
