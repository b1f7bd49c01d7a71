"""An import's report offers "Send all valid drafts of this import for approval": one batch
of the valid drafts, each sent under the usual rules; another TRA's officer gets a 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dtro_app.models import DeliveryBatch, RevisionState
from imports.models import ImportBatch
from imports.selectors import drafts_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(officer_client, tra, deliver_immediately, django_capture_on_commit_callbacks):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))
    from import_helpers import good_and_bad_files, zip_of

    upload = SimpleUploadedFile("catalogue.zip", zip_of(good_and_bad_files(tra)))
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post("/imports/", {"authority": tra.code, "file": upload})
    return ImportBatch.objects.get()


def test_the_valid_drafts_are_sent_as_one_batch(officer_client, imported):
    valid = list(drafts_of(imported))
    assert len(valid) >= 2
    report = officer_client.get(f"/imports/{imported.pk}/").content.decode()
    assert "Send all valid drafts of this import for approval" in report

    response = officer_client.post(f"/imports/{imported.pk}/send-for-approval/", follow=True)

    batch = DeliveryBatch.objects.get()
    assert (batch.total, batch.done) == (len(valid), len(valid))
    assert f"{len(valid)} of {len(valid)} done" in response.content.decode()
    for dtro in valid:
        dtro.current_revision.refresh_from_db()
        assert dtro.current_revision.state == RevisionState.AWAITING_APPROVAL
    assert not drafts_of(imported).exists()


def test_another_tras_officer_gets_404(imported, other_officer):
    stranger = Client()
    stranger.force_login(other_officer)

    assert stranger.post(f"/imports/{imported.pk}/send-for-approval/").status_code == 404
    assert not DeliveryBatch.objects.exists()
