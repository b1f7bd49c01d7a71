"""Drafting D-TROs: new orders, new revisions, sending for approval, deletion requests.

Every change of payload is a new immutable `Revision`; saving the same content twice
does not create a second one. Revisions are validated when saved, so the officer always
sees the current errors and nothing they typed is lost when validation fails.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dtro_app import audit
from dtro_app.models import (
    ChangeAction,
    Dtro,
    DtroStatus,
    Revision,
    RevisionOrigin,
    RevisionState,
    Submission,
    SubmissionState,
    TrafficAuthority,
)
from dtro_app.models.dtros import document_hash, tro_name_of
from dtro_app.models.status import refresh_status
from dtro_app.models.submissions import PENDING_STATES
from dtro_app.notifications import approvals as approval_emails
from dtro_validation import validate_document


class DraftingError(Exception):
    """A drafting step that cannot happen now; the message is for the officer."""


def validation_of(document: Any, authority: TrafficAuthority) -> tuple[bool, list[dict]]:
    report = validate_document(document, tra_code=authority.code)
    return report.is_valid, [issue.to_dict() for issue in report.issues]


def _schema_version_of(document: Any) -> str:
    version = document.get("schemaVersion") if isinstance(document, dict) else None
    return str(version)[:20] if version else ""


# A create that ended like this never reached the service: it refused it, or a supervisor
# stopped it before it could land. Any other create (pending, failed with an unknown
# outcome, or published) may have.
_CREATE_NEVER_HELD = (SubmissionState.REJECTED, SubmissionState.CANCELLED)

BEING_SENT = (
    "This D-TRO cannot be discarded while it is being sent to the D-TRO service. Wait "
    "until delivery has finished."
)
OUTCOME_UNKNOWN = (
    "This D-TRO cannot be discarded yet: sending it failed and the D-TRO service may have "
    "received it. A supervisor must retry or cancel the failed submission first."
)
HELD_BY_SERVICE = "This D-TRO has been sent to the service; request its deletion instead."


def may_exist_at_service(dtro: Dtro) -> bool:
    """Whether the D-TRO service may hold this D-TRO: the one rule for "has it reached
    the service". True once it has a service id, or while any create is not settled as
    rejected or cancelled."""
    return bool(dtro.service_id) or (
        dtro.submissions.filter(action=ChangeAction.CREATE)
        .exclude(state__in=_CREATE_NEVER_HELD)
        .exists()
    )


def discard_refusal(dtro: Dtro) -> str | None:
    """Why this D-TRO cannot be discarded now, in plain English, or None if it can."""
    unsettled = set(
        dtro.submissions.filter(state__in=[*PENDING_STATES, SubmissionState.FAILED]).values_list(
            "state", flat=True
        )
    )
    # Deleting a row a worker may be sending, or one whose outcome nobody knows, could
    # leave an order at the service that the portal no longer knows about.
    if unsettled & set(PENDING_STATES):
        return BEING_SENT
    if unsettled:
        return OUTCOME_UNKNOWN
    if may_exist_at_service(dtro):
        return HELD_BY_SERVICE
    return None


def _next_action(dtro: Dtro) -> str:
    return ChangeAction.UPDATE if may_exist_at_service(dtro) else ChangeAction.CREATE


def _new_revision(
    dtro: Dtro,
    *,
    user: Any,
    document: Any,
    origin: str,
    note: str,
    action: str,
    prefilled_fields: dict | None,
    state: str = RevisionState.DRAFT,
) -> Revision:
    is_valid, issues = validation_of(document, dtro.authority)
    last_number = dtro.revisions.order_by("-number").values_list("number", flat=True).first()
    revision = Revision.objects.create(
        dtro=dtro,
        number=(last_number or 0) + 1,
        action=action,
        origin=origin,
        state=state,
        document=document,
        document_hash=document_hash(document),
        schema_version=_schema_version_of(document),
        tro_name=tro_name_of(document),
        is_valid=is_valid,
        validation_issues=issues,
        note=note,
        prefilled_fields=prefilled_fields or {},
        created_by=user,
    )
    # Older drafts nobody sent stay in the history but are no longer the working copy.
    dtro.revisions.filter(state=RevisionState.DRAFT).exclude(pk=revision.pk).update(
        state=RevisionState.SUPERSEDED
    )
    dtro.current_revision = revision
    if revision.tro_name:
        dtro.name = revision.tro_name
    if revision.schema_version:
        dtro.schema_version = revision.schema_version
    dtro.save(update_fields=["current_revision", "name", "schema_version", "updated_at"])
    return revision


@transaction.atomic
def create_dtro(
    *,
    authority: TrafficAuthority,
    user: Any,
    document: Any,
    origin: str = RevisionOrigin.JSON,
    note: str = "",
    prefilled_fields: dict | None = None,
) -> Dtro:
    """A new draft D-TRO with its first revision (valid or not: drafts keep everything)."""
    dtro = Dtro.objects.create(authority=authority, created_by=user, name=tro_name_of(document))
    _new_revision(
        dtro,
        user=user,
        document=document,
        origin=origin,
        note=note,
        action=ChangeAction.CREATE,
        prefilled_fields=prefilled_fields,
    )
    audit.record(
        "dtro.created",
        actor=user,
        authority=authority,
        target=dtro,
        summary=f"Draft {dtro.reference} created ({RevisionOrigin(origin).label})",
    )
    return dtro


@transaction.atomic
def save_draft(
    dtro: Dtro,
    *,
    user: Any,
    document: Any,
    origin: str = RevisionOrigin.JSON,
    note: str = "",
    prefilled_fields: dict | None = None,
) -> Revision:
    """Save the officer's working copy as a new revision (unless nothing changed)."""
    dtro = Dtro.objects.select_for_update().get(pk=dtro.pk)
    if dtro.status == DtroStatus.DELETED:
        raise DraftingError("This D-TRO has been deleted; it cannot be changed.")
    if dtro.revisions.filter(state=RevisionState.AWAITING_APPROVAL).exists():
        raise DraftingError(
            "This D-TRO is awaiting approval. Withdraw it from approval to make changes."
        )
    current = dtro.current_revision
    if (
        current is not None
        and current.state == RevisionState.DRAFT
        and current.document_hash == document_hash(document)
        and (not prefilled_fields or prefilled_fields == current.prefilled_fields)
    ):
        return current
    if prefilled_fields is None and current is not None and current.state == RevisionState.DRAFT:
        prefilled_fields = current.prefilled_fields
    revision = _new_revision(
        dtro,
        user=user,
        document=document,
        origin=origin,
        note=note,
        action=_next_action(dtro),
        prefilled_fields=prefilled_fields,
    )
    refresh_status(dtro)
    return revision


@transaction.atomic
def send_for_approval(
    revision: Revision, *, user: Any, note: str = "", notify: bool = True
) -> Revision:
    """Send the current, valid draft for approval. `notify=False` for a batch, which
    emails supervisors once for all of it rather than once per order."""
    revision = Revision.objects.select_for_update().select_related("dtro").get(pk=revision.pk)
    dtro = revision.dtro
    if revision.state != RevisionState.DRAFT or dtro.current_revision_id != revision.pk:
        raise DraftingError("Only the current draft can be sent for approval.")
    if not revision.is_valid:
        raise DraftingError("Fix the errors in this D-TRO before sending it for approval.")
    revision.state = RevisionState.AWAITING_APPROVAL
    # Deletion requests go straight to approval, so a draft is always a create or an update.
    revision.action = _next_action(dtro)
    revision.sent_for_approval_by = user
    revision.sent_for_approval_at = timezone.now()
    if note:
        revision.note = note
    revision.save()
    refresh_status(dtro)
    audit.record(
        "revision.sent_for_approval",
        actor=user,
        authority=dtro.authority,
        target=revision,
        summary=f"{dtro.reference} revision {revision.number} sent for approval",
    )
    if notify:
        approval_emails.tell_supervisors_after_commit(revision.pk)
    return revision


@transaction.atomic
def withdraw_from_approval(revision: Revision, *, user: Any) -> Revision:
    revision = Revision.objects.select_for_update().select_related("dtro").get(pk=revision.pk)
    if revision.state != RevisionState.AWAITING_APPROVAL:
        raise DraftingError("Only a revision awaiting approval can be withdrawn.")
    if revision.action == ChangeAction.DELETE:
        revision.state = RevisionState.WITHDRAWN
        dtro = revision.dtro
        previous = dtro.revisions.exclude(pk=revision.pk).order_by("-number").first()
        dtro.current_revision = previous
        dtro.save(update_fields=["current_revision", "updated_at"])
    else:
        revision.state = RevisionState.DRAFT
    revision.save(update_fields=["state"])
    refresh_status(revision.dtro)
    audit.record(
        "revision.withdrawn",
        actor=user,
        authority=revision.dtro.authority,
        target=revision,
        summary=f"{revision.dtro.reference} revision {revision.number} withdrawn from approval",
    )
    return revision


@transaction.atomic
def request_deletion(dtro: Dtro, *, user: Any, note: str = "") -> Revision:
    """Ask a supervisor to delete a published D-TRO from the service."""
    dtro = Dtro.objects.select_for_update().get(pk=dtro.pk)
    if not may_exist_at_service(dtro):
        raise DraftingError(
            "The D-TRO service has never accepted this D-TRO, so there is nothing to delete "
            "there; discard it instead."
        )
    if dtro.status == DtroStatus.DELETED:
        raise DraftingError("This D-TRO has already been deleted.")
    if dtro.revisions.filter(state=RevisionState.AWAITING_APPROVAL).exists():
        raise DraftingError("This D-TRO is awaiting approval already.")
    basis = dtro.published_revision or dtro.current_revision
    revision = _new_revision(
        dtro,
        user=user,
        document=basis.document if basis else {},
        origin=RevisionOrigin.DELETE,
        note=note,
        action=ChangeAction.DELETE,
        prefilled_fields=None,
        state=RevisionState.AWAITING_APPROVAL,
    )
    revision.sent_for_approval_by = user
    revision.sent_for_approval_at = timezone.now()
    revision.save(update_fields=["sent_for_approval_by", "sent_for_approval_at"])
    refresh_status(dtro)
    audit.record(
        "revision.deletion_requested",
        actor=user,
        authority=dtro.authority,
        target=revision,
        summary=f"Deletion of {dtro.reference} sent for approval",
    )
    approval_emails.tell_supervisors_after_commit(revision.pk)
    return revision


def _submission_record(submission: Submission) -> dict[str, Any]:
    """What the audit log keeps of a submission discarded with its D-TRO. The id is the one
    `OutboundCall.submission_id` holds, so the calls made for it can still be traced."""
    return {
        "id": submission.pk,
        "sequence": submission.sequence,
        "action": submission.action,
        "state": submission.state,
        "attempts": submission.attempts,
        "completed_at": submission.completed_at.isoformat() if submission.completed_at else None,
        "errors": [
            error.get("message", "") if isinstance(error, dict) else str(error)
            for error in submission.errors
        ][:20],
        "last_error": submission.last_error[:500],
        "cancel_reason": submission.cancel_reason[:500],
    }


@transaction.atomic
def delete_draft(dtro: Dtro, *, user: Any) -> None:
    """Discard a D-TRO the service cannot hold: never sent, or every create of it was
    rejected by the service or cancelled by a supervisor.

    Its submissions go with it (they protect the D-TRO), so the audit event keeps what
    they were; `OutboundCall` rows hold a plain submission id and are kept.
    """
    dtro = Dtro.objects.select_for_update().get(pk=dtro.pk)
    refusal = discard_refusal(dtro)
    if refusal is not None:
        raise DraftingError(refusal)
    submissions = list(dtro.submissions.order_by("sequence"))
    states = ", ".join(
        f"{submission.get_action_display().lower()} {submission.get_state_display().lower()}"
        for submission in submissions
    )
    audit.record(
        "dtro.discarded",
        actor=user,
        authority=dtro.authority,
        target=dtro,
        summary=(
            f"Draft {dtro.reference} ({dtro.name or 'untitled'}) discarded"
            + (f"; the service never accepted it ({states})" if submissions else "")
        ),
        before={
            "reference": dtro.reference,
            "name": dtro.name,
            "status": dtro.status,
            "revisions": dtro.revisions.count(),
            "submissions": [_submission_record(submission) for submission in submissions],
        },
    )
    # Attempts cascade with their submissions; API calls keep a plain id and stay.
    Submission.objects.filter(dtro=dtro).delete()
    dtro.current_revision = None
    dtro.published_revision = None
    dtro.save(update_fields=["current_revision", "published_revision"])
    dtro.delete()


@transaction.atomic
def flag_for_review(dtro: Dtro, *, reason: str, actor: Any = None) -> None:
    """Mark a D-TRO as needing an officer's look (for example its street works changed)."""
    Dtro.objects.filter(pk=dtro.pk).update(
        review_reason=reason, review_flagged_at=timezone.now(), updated_at=timezone.now()
    )
    audit.record(
        "dtro.flagged_for_review",
        actor=actor,
        authority=dtro.authority,
        target=dtro,
        summary=reason,
    )


@transaction.atomic
def clear_review(dtro: Dtro, *, user: Any) -> None:
    Dtro.objects.filter(pk=dtro.pk).update(review_reason="", review_flagged_at=None)
    audit.record(
        "dtro.review_cleared",
        actor=user,
        authority=dtro.authority,
        target=dtro,
        summary=f"Review flag on {dtro.reference} cleared",
    )
