"""Oversight reports through the federation API: request, status and download URL; the body's
officials only; typed errors."""

from __future__ import annotations

import pytest

from sokoguru.federation.reports.models import ReportJob
from tests.fixtures.graphql import to_global_id

HJ = "body:kel-harapan-jaya"
REQUEST = """mutation($input: OversightReportRequestInput!) {
  oversightReportRequest(input: $input) {
  report { id kind format period status progressDone progressTotal filename downloadUrl }
  errors { field code message } } }"""
STATUS = """query($id: ID!) { oversightReport(id: $id) { status downloadUrl period } }"""
LIST = """query($body: ID!) { oversightReports(body: $body) { id kind status } }"""


def _input(**kw):
    return {
        "input": {
            "body": to_global_id("FederationBody", HJ),
            "kind": "KELURAHAN",
            "format": "PDF",
            "period": "2026-10",
            **kw,
        }
    }


def test_request_poll_and_download(lurah, hj, graphql_client):
    api = graphql_client(lurah)
    payload = api.execute(REQUEST, _input())["oversightReportRequest"]
    assert payload["errors"] == []
    report = payload["report"]
    assert report["status"] == "DONE" and report["period"] == "2026-10"
    assert (report["progressDone"], report["progressTotal"]) == (3, 3)
    job = ReportJob.objects.get()
    assert report["downloadUrl"] == (
        f"http://localhost/dasbor/badan/kel-harapan-jaya/laporan/{job.pk}/unduh/"
    )
    status = api.execute(STATUS, {"id": report["id"]})["oversightReport"]
    assert status["status"] == "DONE" and status["downloadUrl"] == report["downloadUrl"]
    listed = api.execute(LIST, {"body": to_global_id("FederationBody", HJ)})["oversightReports"]
    assert [r["id"] for r in listed] == [report["id"]]
    # the URL downloads the PDF with the same session
    response = api.client.get(
        f"/dasbor/badan/kel-harapan-jaya/laporan/{job.pk}/unduh/", HTTP_HOST="localhost"
    )
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"kind": "REGIONAL"}, "kind", "invalid"),
        ({"kind": "ODS", "format": "PDF"}, "format", "invalid"),
        ({"period": "Oktober"}, "period", "invalid"),
        ({"body": "bm90LWFuLWlk"}, "body", None),
    ],
)
def test_bad_input_is_a_typed_error_and_writes_nothing(
    lurah,
    hj,
    graphql_client,
    overrides,
    field,
    code,
):
    payload = graphql_client(lurah).execute(REQUEST, _input(**overrides))["oversightReportRequest"]
    assert payload["report"] is None
    assert payload["errors"][0]["field"] == field
    if code:
        assert payload["errors"][0]["code"] == code
    assert not ReportJob.objects.exists()


def test_officials_of_other_bodies_see_nothing(lurah, dinas_official, hj, graphql_client):
    mine = graphql_client(lurah).execute(REQUEST, _input())["oversightReportRequest"]["report"]
    other = graphql_client(dinas_official)
    refused = other.execute(REQUEST, _input())["oversightReportRequest"]
    assert refused["errors"][0]["code"] == "not_found" and refused["report"] is None
    status = other.post(STATUS, {"id": mine["id"]})
    assert status["data"]["oversightReport"] is None
    assert status["errors"][0]["extensions"] == {"code": "not_found", "field": "report"}
    listed = other.post(LIST, {"body": to_global_id("FederationBody", HJ)})
    assert listed["errors"][0]["extensions"]["code"] == "not_found"
    node = other.execute("query($id: ID!) { node(id: $id) { id } }", {"id": mine["id"]})
    assert node["node"] is None
    assert ReportJob.objects.count() == 1
