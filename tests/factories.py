"""D-TROs in each state, made through the real services (never by writing rows directly)."""

from __future__ import annotations

import copy
from typing import Any

from dtro_examples import example_document, with_tra

from dtro_app.models import Dtro, Revision, RevisionOrigin, Submission


def valid_document(authority: Any, *, name_suffix: str = "") -> dict[str, Any]:
    return with_tra(example_document(), authority.code, name_suffix=name_suffix)


def draft_dtro(
    authority: Any, officer: Any, document: dict[str, Any] | None = None, **kwargs: Any
) -> Dtro:
    from dtro_app.drafting.services import create_dtro

    return create_dtro(
        authority=authority,
        user=officer,
        document=document if document is not None else valid_document(authority),
        origin=kwargs.pop("origin", RevisionOrigin.JSON),
        **kwargs,
    )


def awaiting_approval(
    authority: Any, officer: Any, document: dict[str, Any] | None = None
) -> Revision:
    from dtro_app.drafting.services import send_for_approval

    dtro = draft_dtro(authority, officer, document)
    return send_for_approval(dtro.current_revision, user=officer)


def approved_submission(
    authority: Any, officer: Any, supervisor: Any, document: dict[str, Any] | None = None
) -> Submission:
    """An approved create: its outbox row is queued (run `deliver` to send it)."""
    from dtro_app.approvals.services import approve

    revision = awaiting_approval(authority, officer, document)
    return approve(revision, user=supervisor)


def published_dtro(
    authority: Any, officer: Any, supervisor: Any, document: dict[str, Any] | None = None
) -> Dtro:
    """A D-TRO delivered to the service behind `authority`'s active credential."""
    from dtro_app.publishing.runner import deliver

    submission = approved_submission(authority, officer, supervisor, document)
    result = deliver(submission.pk)
    assert result.state == "succeeded", submission.__class__.objects.get(
        pk=submission.pk
    ).last_error
    return Dtro.objects.get(pk=submission.dtro_id)


# A line and the same line with its middle point moved: an amendment's change on a map.
PUBLISHED_LINE = "SRID=27700;LINESTRING(444200 333200, 444300 333260, 444400 333300)"
AMENDED_LINE = "SRID=27700;LINESTRING(444200 333200, 444250 333400, 444400 333300)"


def amendment_awaiting_approval(
    authority: Any,
    officer: Any,
    supervisor: Any,
    *,
    published_line: str = PUBLISHED_LINE,
    amended_line: str = AMENDED_LINE,
) -> Revision:
    """A published D-TRO whose first place is `published_line`, and an amendment moving that
    place to `amended_line`, sent for approval (both EWKT linestrings)."""
    from dtro_app.drafting.services import save_draft, send_for_approval

    document = valid_document(authority)
    document["data"]["source"]["provision"][0]["regulatedPlace"][0]["linearGeometry"][
        "linestring"
    ] = published_line
    dtro = published_dtro(authority, officer, supervisor, document)
    amended = copy.deepcopy(dtro.published_revision.document)
    amended["data"]["source"]["actionType"] = "amendment"
    amended["data"]["source"]["provision"][0]["regulatedPlace"][0]["linearGeometry"][
        "linestring"
    ] = amended_line
    draft = save_draft(dtro, user=officer, document=amended, origin=RevisionOrigin.AMEND)
    return send_for_approval(draft, user=officer)


def make_credential(
    authority: Any, base_url: str, client_id: str, secret: str, **fields: Any
) -> Any:
    """A portal credential for the sandbox environment with these app details."""
    from dtro_app.models import ApiCredential, Environment

    credential = ApiCredential(
        authority=authority,
        environment=Environment.SANDBOX,
        base_url=base_url,
        client_id=client_id,
        **fields,
    )
    credential.set_secret(secret)
    credential.save()
    return credential


def sandbox_credential_for(authority: Any, base_url: str, **fields: Any) -> Any:
    """A sandbox publisher app for `authority` and the portal credential that uses it."""
    from sandbox.services import app_id_of, ensure_demo_app

    client_id, secret = ensure_demo_app(authority.code, authority.name)
    fields.setdefault("app_id", app_id_of(client_id))
    return make_credential(authority, base_url, client_id, secret, **fields)
