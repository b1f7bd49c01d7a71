from dtro_app.models.api_calls import ApiCall, ApiRateBucket, CallOutcome
from dtro_app.models.audit import AuditEvent
from dtro_app.models.authorities import Membership, Role, TrafficAuthority, TraScopedQuerySet
from dtro_app.models.credentials import ApiCredential, Environment
from dtro_app.models.dtros import (
    Approval,
    ApprovalDecision,
    ChangeAction,
    Dtro,
    DtroStatus,
    Revision,
    RevisionOrigin,
    RevisionState,
)
from dtro_app.models.schemas import SchemaVersionRecord
from dtro_app.models.submissions import (
    AttemptOutcome,
    Submission,
    SubmissionAttempt,
    SubmissionState,
)

__all__ = [
    "ApiCall",
    "ApiCredential",
    "ApiRateBucket",
    "Approval",
    "ApprovalDecision",
    "AttemptOutcome",
    "AuditEvent",
    "CallOutcome",
    "ChangeAction",
    "Dtro",
    "DtroStatus",
    "Environment",
    "Membership",
    "Revision",
    "RevisionOrigin",
    "RevisionState",
    "Role",
    "SchemaVersionRecord",
    "Submission",
    "SubmissionAttempt",
    "SubmissionState",
    "TraScopedQuerySet",
    "TrafficAuthority",
]
