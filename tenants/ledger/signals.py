"""Signals the ledger sends so the apps above it can take part in its workflows without the
ledger importing them.

``year_end_closing``: sent inside ``period_close_confirm`` (in its database transaction, the
period still open) when the period ends on the fiscal year end, before the closing entry is
computed. Receivers bring their year-end figures up to date (the loans app: the loss allowance
as of that day) or raise a ``ValidationError`` that refuses the close with nothing written.
Arguments: ``period`` (the ``FiscalPeriod``), ``confirmed_by_id``."""

from __future__ import annotations

from django.dispatch import Signal

year_end_closing = Signal()
