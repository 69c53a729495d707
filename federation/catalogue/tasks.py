"""The catalogue refresher: republish the projection of cooperatives whose catalogue changed."""

from __future__ import annotations

import logging

from sokoguru.federation.catalogue.services import catalogue_changed_ids, catalogue_publish
from sokoguru.platform.celery import platform_task
from sokoguru.platform.tenancy.models import Cooperative

logger = logging.getLogger("sokoguru.federation.catalogue")


@platform_task(name="sokoguru.federation.catalogue.publish_one")
def catalogue_publish_one(*, cooperative_id: int) -> int:
    cooperative = Cooperative.objects.filter(pk=cooperative_id, is_active=True).first()
    if cooperative is None:
        return 0
    return catalogue_publish(cooperative=cooperative)


@platform_task(name="sokoguru.federation.catalogue.publish_changed")
def catalogue_publish_changed() -> dict:
    ids = catalogue_changed_ids()
    for cooperative_id in ids:
        catalogue_publish_one.apply_async(kwargs={"cooperative_id": cooperative_id})
    return {"enqueued": len(ids)}
