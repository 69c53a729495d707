"""A WhatsApp provider for the tests: keeps what it was asked to send (the interface of
``sokoguru.tenants.loans.notifiers.WhatsAppProvider``)."""

from __future__ import annotations

SENT: list[tuple[str, str]] = []


class RecordingProvider:
    def send_text(self, *, phone: str, text: str) -> str:
        SENT.append((phone, text))
        return f"wa-{len(SENT)}"
