from __future__ import annotations

import pytest
from factories import approved_submission, valid_document

from dtro_app.delivery.runner import deliver
from dtro_app.models import Dtro, DtroStatus, Submission, SubmissionState

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_approved_create_is_published(tra, officer, supervisor, sandbox_credential):
    submission = approved_submission(tra, officer, supervisor)
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    submission.refresh_from_db()
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    assert dtro.status == DtroStatus.PUBLISHED
    assert dtro.service_id == submission.service_id is not None
