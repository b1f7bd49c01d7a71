"""What needs a supervisor: revisions awaiting approval and failed submissions.

`{% supervisor_summary %}` is for portal pages (the dashboard); `{% failed_submission_count %}`
is for the admin index. Both count only the TRAs the user supervises.
"""

from __future__ import annotations

from typing import Any

from django import template

from dtro_app.approvals.supervision import (
    failed_submissions,
    revisions_awaiting_approval,
)
from dtro_app.models.authorities import is_supervisor

register = template.Library()


@register.inclusion_tag("dtro_app/approvals/supervisor_summary.html", takes_context=True)
def supervisor_summary(context: template.Context) -> dict[str, Any]:
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not is_supervisor(user):
        return {"show": False}
    return {
        "show": True,
        "awaiting_count": revisions_awaiting_approval(user).count(),
        "failed_count": failed_submissions(user).count(),
        "user": user,
    }


@register.simple_tag(takes_context=True)
def failed_submission_count(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return failed_submissions(user).count() if user is not None else 0
