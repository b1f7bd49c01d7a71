"""An officer uploads a zip of good and bad D-TRO files: the good ones become valid drafts,
the rest are reported file by file in plain English, and nothing crashes."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from import_helpers import good_and_bad_files, zip_of

from dtro_app.models import AuditEvent, Dtro
from imports.models import BatchState, ImportBatch
from imports.selectors import drafts_of


@pytest.fixture
def uploaded_batch(officer_client, tra, deliver_immediately, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("catalogue.zip", zip_of(good_and_bad_files(tra)))
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post("/imports/", {"authority": tra.code, "file": upload})
    assert response.status_code == 302
    return ImportBatch.objects.get()


def test_each_file_has_its_outcome(uploaded_batch):
    outcomes = dict(uploaded_batch.files.values_list("name", "outcome"))
    assert uploaded_batch.state == BatchState.FINISHED
    assert outcomes == {
        "orders/one.json": "created",
        "orders/two.json.gz": "created",
        "=broken.json": "unreadable",
        "wrong-version.json": "invalid",
        "bomb.json.gz": "unreadable",
        "../escape.json": "unreadable",
        "huge.json": "unreadable",
        "inner.zip": "unreadable",
    }
    # Valid and invalid documents both become drafts; unreadable files do not.
    assert Dtro.objects.count() == 3
    assert drafts_of(uploaded_batch).count() == 2


def test_the_report_counts_and_explains(officer_client, uploaded_batch):
    page = officer_client.get(f"/imports/{uploaded_batch.pk}/").content.decode()
    assert 'data-outcome="created">2<' in page
    assert 'data-outcome="invalid">1<' in page
    assert 'data-outcome="unreadable">5<' in page
    assert "expands to more than 25 MB" in page
    assert "points outside the zip" in page
    assert "A zip inside the zip is not opened" in page
    # The import's own cap (from the declared size), before anything is inflated.
    assert "the D-TRO service accepts at most 10 MB per order" in page
    assert "not valid JSON" in page


def test_the_problems_csv_lists_file_path_and_message(officer_client, uploaded_batch):
    response = officer_client.get(f"/imports/{uploaded_batch.pk}/problems.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["file", "path", "message"]
    files = {row[0] for row in rows[1:]}
    assert files == {
        # A name a spreadsheet would run as a formula is quoted.
        "'=broken.json",
        "wrong-version.json",
        "bomb.json.gz",
        "../escape.json",
        "huge.json",
        "inner.zip",
    }


def test_the_batch_page_lists_its_dtros_with_their_states(officer_client, uploaded_batch):
    page = officer_client.get(f"/imports/{uploaded_batch.pk}/dtros/").content.decode()
    assert "2 valid drafts ready to send for approval" in page
    assert page.count("No: has errors") == 1


def test_the_batch_is_audited(uploaded_batch):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"import.started", "import.finished"} <= actions
