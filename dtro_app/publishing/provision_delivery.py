"""Sending an update as provision-level calls, exactly once across several calls.

Used only where the credential's environment offers the endpoints
(`DTRO_PROVISION_LEVEL_ENVIRONMENTS`) and the credential has an App-Id. A first run plans
against the published revision; every later run of the same change plans against what the
service holds (GET the record, provisions matched by reference), so a call that landed is
never sent again, whatever happened to its answer. The only handle on a provision is the id
the create answer gave: ids are kept in `Dtro.provision_ids` as soon as the answer arrives.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from dtro_app.client import DtroClient
from dtro_app.client.errors import (
    ApiError,
    DuplicateError,
    NotSent,
    PermanentError,
    UnknownOutcomeError,
)
from dtro_app.models import ApiCredential, Dtro, Submission
from dtro_app.publishing import outbox, provision_plan
from dtro_app.publishing.provision_plan import Plan

ANOTHER_RECORD = "The service already holds another D-TRO identical to this version."


def offered(credential: ApiCredential) -> bool:
    """Whether changes with this credential may go provision by provision."""
    return (
        credential.environment in settings.DTRO_PROVISION_LEVEL_ENVIRONMENTS
        and credential.app_id is not None
    )


@dataclass(frozen=True)
class Sent:
    """The change is applied; `provision_ids` is what the D-TRO should keep now."""

    adopted: bool
    message: str
    provision_ids: dict[str, str]


@dataclass(frozen=True)
class SendWhole:
    """Send the whole record instead; `reason` (plain English) says why, when it matters."""

    reason: str = ""


@dataclass
class _Progress:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    already: int = 0

    def summary(self) -> str:
        """'1 provision created, 2 updated' (the first count names what is counted)."""
        counts = [(self.created, "created"), (self.updated, "updated"), (self.deleted, "deleted")]
        parts = [f"{number} {verb}" for number, verb in counts if number]
        if not parts:
            return ""
        first = next(number for number, _ in counts if number)
        noun = "provision" if first == 1 else "provisions"
        parts[0] = parts[0].replace(" ", f" {noun} ", 1)
        return ", ".join(parts)


def send(
    client: DtroClient,
    submission: Submission,
    service_id: uuid.UUID,
    *,
    held: Any,
    rerun: bool,
) -> Sent | SendWhole:
    """Apply the submission's update provision by provision, or say to send it whole.

    `held` is the record as the service holds it (read by the caller on a rerun); on a
    first run the published revision stands for it."""
    decision = decide(client.credential, submission, held=held, rerun=rerun)
    if decision.plan is None:
        return SendWhole(decision.reason)
    outbox.plan_requests(submission, provision_plan.requests_to_update(decision))
    dtro = submission.dtro
    published, base = _published_and_base(dtro, held=held, rerun=rerun)
    new = submission.revision.document
    known = _known_ids(dtro)
    lost = _lost_ids_note(base, published, new, known) if rerun else ""
    plan = decision.plan
    if plan.calls == 0:
        message = (
            "Checked with the D-TRO service: it already holds this change"
            if rerun
            else "Nothing sent: the version the service holds has the same content"
        )
        return Sent(adopted=True, message=message + lost, provision_ids=_current(known, new))
    return _run(client, dtro, service_id, plan, known, new, rerun=rerun, lost=lost)


def decide(
    credential: ApiCredential | None, submission: Submission, *, held: Any, rerun: bool
) -> provision_plan.Decision:
    """The provision-level calls of this update, or no plan: send the whole record. A first
    run plans against the published revision, a rerun against what the service holds.
    The approval plans with this too (`planned_requests`), so both count the same calls."""
    if credential is None or not offered(credential):
        return provision_plan.Decision()
    if rerun and not isinstance(held, dict):
        return provision_plan.Decision()
    dtro = submission.dtro
    _published, base = _published_and_base(dtro, held=held, rerun=rerun)
    return provision_plan.plan(base, submission.revision.document, _known_ids(dtro))


def _published_and_base(dtro: Dtro, *, held: Any, rerun: bool) -> tuple[Any, Any]:
    """The published version, and what an update is planned against: the record the service
    holds on a rerun, the published version on a first run."""
    published = dtro.published_revision.document if dtro.published_revision else None
    return published, held if rerun else published


def _known_ids(dtro: Dtro) -> dict[str, str]:
    return {str(ref): str(pid) for ref, pid in (dtro.provision_ids or {}).items()}


def _run(
    client: DtroClient,
    dtro: Dtro,
    service_id: uuid.UUID,
    plan: Plan,
    known: dict[str, str],
    new: Any,
    *,
    rerun: bool,
    lost: str,
) -> Sent | SendWhole:
    ids = dict(known)
    done = _Progress()
    try:
        for batch in plan.create_batches:  # each request under the gateway's limit
            created = client.create_provisions(service_id, batch)
            pairs = zip(batch, created, strict=True)
            given = {str(provision["reference"]): str(pid) for provision, pid in pairs}
            keep_ids(dtro.pk, given)  # now, in case a later call of this run goes wrong
            ids.update(given)
            done.created += len(given)
        for update in plan.update:
            try:
                client.update_provision(update.provision_id, update.provision)
                done.updated += 1
            except DuplicateError:
                # Identical to what the record holds: applied only if it is our content.
                if not _holds_provision(client, service_id, update.provision):
                    raise PermanentError(ANOTHER_RECORD) from None
                done.already += 1
            except PermanentError as error:
                if error.status != 404:
                    raise
                return _stale_id(dtro, update.reference, done)
        for delete in plan.delete:
            try:
                client.delete_provision(delete.provision_id)
            except PermanentError as error:
                if error.status != 404:
                    raise
                return _stale_id(dtro, delete.reference, done)
            ids.pop(delete.reference, None)
            done.deleted += 1
    except NotSent as held_back:
        if not done.summary():
            raise
        # Part of the change landed: this run counts as an attempt, and the next run (or a
        # cancel) asks the service first, as after an unknown outcome.
        raise UnknownOutcomeError(
            f"{held_back.message}; part of the change has reached the service. {_before(done)}",
            retry_after=held_back.retry_after,
        ) from None
    except PermanentError as error:
        if not done.summary():
            raise
        # Refused after part of the change landed: the whole record replaces that part.
        refused = f"the service refused a provision-level call ({error.message})"
        return SendWhole(f"{refused}; {_before(done).lower()}")
    except ApiError as error:
        if done.summary():
            error.message = f"{error.message}. {_before(done)}"
            error.args = (error.message,)
        raise
    verb = "Checked what the D-TRO service holds, then sent the rest" if rerun else "Sent"
    message = f"{verb} as {provision_plan.describe(plan)}"
    if done.already:
        message += f" ({done.already} already held by the service)"
    adopted = done.already == plan.calls
    return Sent(adopted=adopted, message=message + lost, provision_ids=_current(ids, new))


def _before(done: _Progress) -> str:
    return f"Before this, {done.summary()} by provision-level calls"


def _stale_id(dtro: Dtro, reference: str, done: _Progress) -> SendWhole:
    """The service no longer knows an id we kept: forget it and send the whole record."""
    forget_ids(dtro.pk, [reference])
    reason = "the service no longer knew the id it gave a provision"
    if done.summary():
        reason += f"; before that, {done.summary()} by provision-level calls"
    return SendWhole(reason)


def _holds_provision(client: DtroClient, service_id: uuid.UUID, provision: dict[str, Any]) -> bool:
    record = provision_plan.by_reference(client.get(service_id)) or {}
    held = record.get(str(provision.get("reference")))
    return held is not None and provision_plan.same_provision(held, provision)


def _current(ids: dict[str, str], new: Any) -> dict[str, str]:
    """The ids of the provisions the new document still has."""
    references = provision_plan.by_reference(new) or {}
    return {ref: pid for ref, pid in ids.items() if ref in references}


def _lost_ids_note(held: Any, published: Any, new: Any, known: dict[str, str]) -> str:
    """Provisions an earlier call of this change created but whose answer was lost."""
    at_service = provision_plan.by_reference(held) or {}
    before = provision_plan.by_reference(published) or {}
    wanted = provision_plan.by_reference(new) or {}
    lost = [ref for ref in wanted if ref in at_service and ref not in before and ref not in known]
    if not lost:
        return ""
    if len(lost) == 1:
        return (
            ". 1 provision was created by an earlier call whose answer was lost: the service "
            "never told us its id, so a later change to it is sent with the whole record"
        )
    return (
        f". {len(lost)} provisions were created by an earlier call whose answer was lost: the "
        "service never told us their ids, so a later change to them is sent with the whole record"
    )


def partly_applied(held: Any, published: Any, new: Any) -> bool:
    """The service holds neither the published version nor the new one, but something
    between (some calls of a provision-level change landed)."""
    if not isinstance(held, dict) or provision_plan.holds(held, new):
        return False
    if provision_plan.holds(held, published):
        return False
    return provision_plan.changes(held, new) is not None


def keep_ids(dtro_id: int, given: dict[str, str]) -> None:
    with transaction.atomic():
        dtro = Dtro.objects.select_for_update().only("provision_ids").get(pk=dtro_id)
        Dtro.objects.filter(pk=dtro_id).update(provision_ids={**dtro.provision_ids, **given})


def forget_ids(dtro_id: int, references: list[str]) -> None:
    with transaction.atomic():
        dtro = Dtro.objects.select_for_update().only("provision_ids").get(pk=dtro_id)
        kept = {ref: pid for ref, pid in dtro.provision_ids.items() if ref not in references}
        Dtro.objects.filter(pk=dtro_id).update(provision_ids=kept)
