"""A large region's report is made by a real Celery worker (Redis broker, a separate process on
the test database), which records its progress on the job; the file it stores is the one the
dashboard serves."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from sokoguru.federation.reports.models import ReportJob
from sokoguru.federation.reports.services import report_request
from tests.platform.test_celery_worker import REDIS_URL, client_app, require_redis, worker


@pytest.mark.django_db(transaction=True)
def test_large_region_goes_to_the_worker_with_progress(
    lurah, kelurahan_hj, hj, settings, monkeypatch
):
    require_redis()
    settings.REPORTS_SYNC_MAX_COOPERATIVES = 2  # three cooperatives: too many for the request
    client = client_app(REDIS_URL, REDIS_URL)
    sent = []

    def send(task, *args, **kwargs):
        sent.append(client.send_task(task.name, kwargs=kwargs))

    monkeypatch.setattr("sokoguru.platform.celery.enqueue_on_commit", send)
    with worker({"CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL}):
        job = report_request(
            user=lurah, body=kelurahan_hj, kind="kelurahan", format="xlsx", period=date(2026, 10, 1)
        )
        # then: the request returns at once with a pending job, the worker finishes it
        assert job.status == ReportJob.Status.PENDING and job.progress_total == 3
        assert sent and sent[0].get(timeout=120) == ReportJob.Status.DONE
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert (job.progress_done, job.progress_total) == (3, 3)
    with job.file.open("rb") as fh:
        rows = list(load_workbook(io.BytesIO(fh.read()))["Koperasi"].iter_rows(values_only=True))
    assert rows[-1][3] == 77
    # the same request again: the worker's file, no new job
    again = report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="xlsx", period=date(2026, 10, 1)
    )
    assert again.pk == job.pk and ReportJob.objects.count() == 1
