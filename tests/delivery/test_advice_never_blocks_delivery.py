"""A D-TRO with only advice (a partialRevoke provision under a new order, which neither the
schema nor the service forbids) is approved and delivered: the sandbox, answering as the
service does over HTTP, accepts it."""

from __future__ import annotations

import pytest
from factories import approved_submission, valid_document

from dtro_app.models import Dtro, DtroStatus, SubmissionState
from dtro_app.publishing.runner import deliver

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_order_with_only_advice_is_published(tra, officer, supervisor, sandbox_credential):
    document = valid_document(tra)
    document["data"]["source"]["actionType"] = "new"
    document["data"]["source"]["provision"][0]["actionType"] = "partialRevoke"

    submission = approved_submission(tra, officer, supervisor, document)

    assert [i["severity"] for i in submission.revision.validation_issues] == ["advice"]
    assert deliver(submission.pk).state == SubmissionState.SUCCEEDED
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    assert dtro.service_id is not None
    # Published, and read back as partly revoked: what the order itself says.
    assert dtro.status == DtroStatus.PARTLY_REVOKED
