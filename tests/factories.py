"""D-TROs in each state, made through the real services (never by writing rows directly)."""

from __future__ import annotations

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
    from sandbox.services import ensure_demo_app

    client_id, secret = ensure_demo_app(authority.code, authority.name)
    return make_credential(authority, base_url, client_id, secret, **fields)
