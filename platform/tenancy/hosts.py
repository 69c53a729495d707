"""Host → cooperative resolution without a query in the steady state.

Every web process keeps an in-process map from host name to its cooperative (or to "unknown").
It is emptied when the registry changes:

* in this process at once, by ``post_save``/``post_delete`` of ``Cooperative`` and ``Domain``
  (and by bulk provisioning, which calls ``registry_changed`` itself), and again on commit;
* in other processes through a registry version kept in the ``registry`` cache (Redis in
  production): a changed version empties the map at the next request;
* and, as a safety net for processes that share no cache (the LocMem cache of a development
  machine), an entry is trusted at most ``TENANCY_HOST_CACHE_SECONDS``.
"""

from __future__ import annotations

import copy
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

VERSION_KEY = "tenancy:registry-version"
MAX_ENTRIES = 100_000
_MISSING = object()


class HostCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._version: object = _MISSING
        self._lock = threading.Lock()
        self.loads = 0  # registry queries made (for tests and diagnostics)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def cooperative_for_host(self, hostname: str):
        """The cooperative serving ``hostname`` (a private copy), or None when none does."""
        version = caches["registry"].get(VERSION_KEY)
        ttl = getattr(settings, "TENANCY_HOST_CACHE_SECONDS", 30)
        now = time.monotonic()
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            hit = self._entries.get(hostname)
            if hit is not None and now - hit[0] < ttl:
                self._entries.move_to_end(hostname)
                tenant = hit[1]
                return copy.copy(tenant) if tenant is not None else None
        tenant = self._load(hostname)
        with self._lock:
            if version == self._version:
                self._entries[hostname] = (now, tenant)
                self._entries.move_to_end(hostname)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return copy.copy(tenant) if tenant is not None else None

    def _load(self, hostname: str):
        from sokoguru.platform.tenancy.models import Domain

        self.loads += 1
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        return domain.tenant if domain is not None else None


host_cache = HostCache()


def _bump() -> None:
    host_cache.clear()
    caches["registry"].set(VERSION_KEY, uuid.uuid4().hex, None)


# Saves of only these fields do not change how a host is served (postings mark
# books_changed_at; migrations record migration_state): they keep the cache.
ROUTING_IRRELEVANT_FIELDS = frozenset({"books_changed_at", "migration_state"})


def registry_changed(update_fields=None, **_kwargs) -> None:
    """The registry (cooperatives, domains) changed: forget cached hosts here now and in every
    process once the change is committed."""
    if update_fields and set(update_fields) <= ROUTING_IRRELEVANT_FIELDS:
        return
    host_cache.clear()
    transaction.on_commit(_bump)
