"""How many requests a change's delivery will take, planned when it is approved.

Written on the `Submission` (`planned_requests`) and summed by the delivery estimate
(`pacing.requests_left`). It asks the same functions the runner asks when it sends
(`sizing.choose` and `requests_to_create`, `provision_delivery.decide` and
`provision_plan.requests_to_update`), so the estimate counts what will be sent; where the
runner later plans differently (an earlier change landed meanwhile, a provision-level update
falls back to the whole record) it writes its own count (`outbox.plan_requests`).
"""

from __future__ import annotations

from dtro_app.models import ChangeAction, Submission
from dtro_app.publishing import provision_delivery, provision_plan, sizing


def at_approval(submission: Submission) -> int:
    """Requests for an approved change not yet sent: deletes one; creates their parts;
    updates their provision-level calls, or one for the whole record."""
    credential = submission.credential
    if submission.action == ChangeAction.CREATE:
        revision = submission.revision
        # Most orders: known from the stored size, without serialising the document.
        if sizing.fits_one_body(revision):
            return 1
        in_parts = credential is not None and provision_delivery.offered(credential)
        return sizing.requests_to_create(
            sizing.choose(revision.document), in_parts_offered=in_parts
        )
    if submission.action == ChangeAction.UPDATE:
        # Sent whole, an update is one request whatever its size (gzipped, or refused).
        decision = provision_delivery.decide(credential, submission, held=None, rerun=False)
        return provision_plan.requests_to_update(decision)
    return 1
