"""An amendment made in the guided form reaches the sandbox over HTTP as an amendment: the
service accepts it and holds the source `amendment` and each provision `noChange`,
`amendment` or `new`."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from drafting_helpers import PROVISION, guided_post

from dtro_app.approvals.services import approve
from dtro_app.client.api import DtroClient
from dtro_app.drafting.services import send_for_approval
from dtro_app.models import ChangeAction, Dtro, Revision, RevisionOrigin
from dtro_app.publishing.runner import deliver

pytestmark = pytest.mark.django_db(transaction=True)


def _answers(reference: str = "", **changes: str) -> dict[str, str]:
    return {**PROVISION, "end": "2025-05-30T00:00", "reference": reference, **changes}


def _publish(revision: Revision, officer: Any, supervisor: Any) -> None:
    sent = send_for_approval(revision, user=officer)
    submission = approve(sent, user=supervisor)
    result = deliver(submission.pk)
    assert result.state == "succeeded", type(submission).objects.get(pk=submission.pk).last_error


def test_a_guided_amendment_is_accepted_with_the_data_models_action_types(
    officer_client: Any, officer: Any, supervisor: Any, tra: Any, sandbox_credential: Any
) -> None:
    first = [_answers(), _answers(description="Low Street, south side")]
    officer_client.post(
        reverse("dtro_app:dtro_create_form"), guided_post(tra.code, provisions=first)
    )
    dtro = Dtro.objects.get()
    _publish(dtro.current_revision, officer, supervisor)
    dtro.refresh_from_db()
    published = dtro.published_revision.document["data"]["source"]
    one, two = (p["reference"] for p in published["provision"])

    amended = [
        _answers(one),
        _answers(two, description="Low Street, south side", end="2025-06-30T00:00"),
        _answers(provisionDescription="No loading at any time"),
    ]
    data = guided_post(tra.code, provisions=amended)
    data["reference"] = published["reference"]
    response = officer_client.post(reverse("dtro_app:dtro_edit_form", args=[dtro.pk]), data)

    assert response.status_code == 302
    dtro.refresh_from_db()
    revision = dtro.current_revision
    assert (revision.origin, revision.action) == (RevisionOrigin.AMEND, ChangeAction.UPDATE)
    assert revision.is_valid, revision.validation_issues
    _publish(revision, officer, supervisor)

    held = DtroClient(sandbox_credential).get(dtro.service_id)["data"]["source"]
    assert held["actionType"] == "amendment"
    assert [
        (p["reference"] == r, p["actionType"])
        for p, r in zip(held["provision"], [one, two, None], strict=True)
    ] == [(True, "noChange"), (True, "amendment"), (False, "new")]
