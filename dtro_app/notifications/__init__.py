"""Emails that tell people something needs them, each from its templates in templates/emails.

`delivery`: supervisors told of changes that could not be delivered. `approvals`: supervisors
told of orders awaiting them, at once or in a daily digest (`preferences`). `outcomes`:
officers told their order was published, or rejected by a supervisor or the service.
`invitations`: the invitation to join a TRA. `sending` renders and sends, and retries.
"""

from __future__ import annotations

from dtro_app.notifications.delivery import (
    notify_supervisors_of_failure,
    notify_supervisors_of_overdue,
    supervisor_emails,
)
from dtro_app.notifications.outcomes import notify_officer_of_rejection

__all__ = [
    "notify_officer_of_rejection",
    "notify_supervisors_of_failure",
    "notify_supervisors_of_overdue",
    "supervisor_emails",
]
