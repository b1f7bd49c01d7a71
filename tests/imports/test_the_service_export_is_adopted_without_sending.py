"""The service's CSV export, downloaded over HTTP from the sandbox, adopts the TRA's orders
as published D-TROs linked to their service ids, sending nothing; another TRA's rows are
skipped and counted; adopting again changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from factories import valid_document

from dtro_app.catalogue.reads import open_export
from dtro_app.client import DtroClient
from dtro_app.models import Dtro, DtroStatus, RevisionOrigin
from imports.models import ImportBatch
from outbound.models import OutboundCall


@pytest.fixture
def export_csv(tmp_path, tra, other_tra, sandbox_credential, other_sandbox_credential):
    """Orders published at the sandbox by another system (the portal holds no record of
    them), and the service's export of them downloaded over HTTP."""
    mine = DtroClient(sandbox_credential)
    service_ids = {
        str(mine.create_from_body(valid_document(tra, name_suffix=f" {i}"))["id"]) for i in range(3)
    }
    DtroClient(other_sandbox_credential).create_from_body(valid_document(other_tra))
    path = tmp_path / "dtros.csv"
    path.write_bytes(b"".join(open_export(sandbox_credential).chunks))
    return path, service_ids


def test_adopting_links_published_orders_and_sends_nothing(tra, officer, export_csv):
    path, service_ids = export_csv
    calls_before = OutboundCall.objects.count()
    out = io.StringIO()

    call_command("import_dtros", str(path), "--tra", str(tra.code), "--adopt", stdout=out)

    assert OutboundCall.objects.count() == calls_before
    adopted = Dtro.objects.filter(authority=tra)
    assert {str(d.service_id) for d in adopted} == service_ids
    for dtro in adopted:
        assert dtro.status == DtroStatus.PUBLISHED
        assert dtro.published_revision.origin == RevisionOrigin.SERVICE
        assert not dtro.submissions.exists()
    assert "3 linked to the service's published order" in out.getvalue()
    assert "1 another authority's order: skipped" in out.getvalue()

    call_command("import_dtros", str(path), "--tra", str(tra.code), "--adopt", stdout=out)
    assert Dtro.objects.count() == 3
    counts = dict(ImportBatch.objects.order_by("-pk").first().files.values_list("name", "outcome"))
    assert sorted(counts.values()) == ["skipped", "unchanged", "unchanged", "unchanged"]


def test_the_export_can_be_uploaded_in_the_browser(
    officer_client, tra, export_csv, deliver_immediately
):
    path, service_ids = export_csv
    calls_before = OutboundCall.objects.count()
    upload = SimpleUploadedFile("dtros.csv", path.read_bytes())
    response = officer_client.post("/imports/", {"authority": tra.code, "file": upload})
    page = officer_client.get(response["Location"]).content.decode()

    assert OutboundCall.objects.count() == calls_before
    assert 'data-outcome="adopted">3<' in page
    assert 'data-outcome="skipped">1<' in page
    assert {str(d.service_id) for d in Dtro.objects.all()} == service_ids
