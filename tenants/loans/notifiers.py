"""Notifications to borrowers and officers: due-date reminders, funding-queue news.

A *notifier* delivers one message over one channel. The channels in use are named in
``settings.LOANS_NOTIFIERS`` (class paths); built in are:

* ``LogNotifier`` — writes the message to the ``sokoguru.loans.notify`` logger;
* ``EmailNotifier`` — sends it with Django's email backend (``EMAIL_BACKEND``) when the
  recipient has an email address;
* ``WhatsAppNotifier`` — sends it through the provider class named in
  ``settings.LOANS_WHATSAPP_PROVIDER`` when the recipient has a phone number (off when the
  setting is empty).

A WhatsApp provider is any class that can be built without arguments and has::

    def send_text(self, *, phone: str, text: str) -> str:
        '''Send ``text`` to ``phone`` (E.164, e.g. "+628123456789"); return the provider's
        message id; raise an exception when the message was not accepted.'''

Every delivery is recorded as a ``Notification`` row per channel; its ``dedupe_key`` makes a
reminder go out once however often the daily job runs. Messages are delivered after the
surrounding transaction commits; a failed delivery is recorded, never raised.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("sokoguru.loans.notify")


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Message:
    kind: str
    subject: str
    body: str
    recipient: Recipient


class SkipDelivery(Exception):
    """The channel does not apply to this recipient (no address); nothing was sent."""


class Notifier(Protocol):
    channel: str

    def address(self, recipient: Recipient) -> str:
        """The recipient's address on this channel ("" when there is none)."""

    def send(self, message: Message) -> str:
        """Deliver; return a reference ("" when the channel gives none). Raise SkipDelivery
        when the recipient has no address here, any other exception when delivery failed."""


class WhatsAppProvider(Protocol):
    def send_text(self, *, phone: str, text: str) -> str: ...


class LogNotifier:
    channel = "log"

    def address(self, recipient: Recipient) -> str:
        return recipient.name

    def send(self, message: Message) -> str:
        logger.info(
            "[%s] to %s: %s — %s",
            message.kind,
            message.recipient.name,
            message.subject,
            message.body,
        )
        return ""


class EmailNotifier:
    channel = "email"

    def address(self, recipient: Recipient) -> str:
        return recipient.email

    def send(self, message: Message) -> str:
        if not message.recipient.email:
            raise SkipDelivery("no email address")
        send_mail(
            subject=message.subject,
            message=message.body,
            from_email=None,
            recipient_list=[message.recipient.email],
            fail_silently=False,
        )
        return ""


def normalise_phone(phone: str) -> str:
    """Indonesian numbers to E.164: "0812-3456-789" → "+628123456789"."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    if digits.startswith("+"):
        return digits
    if digits.startswith("0"):
        return "+62" + digits[1:]
    if digits.startswith("62"):
        return "+" + digits
    return digits


class WhatsAppNotifier:
    channel = "whatsapp"

    def __init__(self, provider: WhatsAppProvider | None = None):
        self.provider = provider

    def _provider(self) -> WhatsAppProvider | None:
        if self.provider is not None:
            return self.provider
        path = getattr(settings, "LOANS_WHATSAPP_PROVIDER", "")
        return import_string(path)() if path else None

    def address(self, recipient: Recipient) -> str:
        return normalise_phone(recipient.phone)

    def send(self, message: Message) -> str:
        provider = self._provider()
        phone = self.address(message.recipient)
        if provider is None:
            raise SkipDelivery("no WhatsApp provider configured")
        if not phone:
            raise SkipDelivery("no phone number")
        return str(provider.send_text(phone=phone, text=f"{message.subject}\n\n{message.body}"))


@cache
def _notifier_classes(paths: tuple[str, ...]) -> tuple[type, ...]:
    return tuple(import_string(path) for path in paths)


def notifiers() -> list[Notifier]:
    paths = tuple(getattr(settings, "LOANS_NOTIFIERS", ()))
    return [cls() for cls in _notifier_classes(paths)]
