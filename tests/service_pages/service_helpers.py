"""Records at the sandbox, made through the portal's own services and API client."""

from __future__ import annotations

import copy
from typing import Any

from factories import published_dtro, valid_document

from dtro_app.client import DtroClient
from dtro_app.models import Dtro


def held_elsewhere(credential: Any, authority: Any, *, name_suffix: str = "") -> str:
    """A D-TRO the service holds that the portal has no row for (made straight through
    the API client, as another system would); returns its service id."""
    answer = DtroClient(credential).create_from_body(
        valid_document(authority, name_suffix=name_suffix)
    )
    return str(answer["id"])


def publish_update(dtro: Dtro, officer: Any, supervisor: Any, *, new_name: str) -> Dtro:
    """Amend a published D-TRO's name and deliver the update to the service."""
    from dtro_app.approvals.services import approve
    from dtro_app.drafting.services import save_draft, send_for_approval
    from dtro_app.publishing.runner import deliver

    assert dtro.published_revision is not None, "publish_update needs a published D-TRO"
    document = copy.deepcopy(dtro.published_revision.document)
    document["data"]["source"]["troName"] = new_name
    document["data"]["source"]["actionType"] = "amendment"
    revision = save_draft(dtro, user=officer, document=document, note="Rename")
    revision = send_for_approval(revision, user=officer)
    submission = approve(revision, user=supervisor)
    result = deliver(submission.pk)
    assert result.state == "succeeded", submission.__class__.objects.get(
        pk=submission.pk
    ).last_error
    return Dtro.objects.get(pk=dtro.pk)


__all__ = ["held_elsewhere", "publish_update", "published_dtro", "valid_document"]
