from dtro_app.models.audit import AuditEvent
from dtro_app.models.authorities import (
    ApprovalPolicyChange,
    Invitation,
    Membership,
    Role,
    TrafficAuthority,
    TraScopedQuerySet,
)
from dtro_app.models.batches import BatchKind, DeliveryBatch
from dtro_app.models.credentials import ApiCredential, Environment
from dtro_app.models.dtros import (
    Approval,
    ApprovalDecision,
    ChangeAction,
    Dtro,
    DtroQuerySet,
    DtroStatus,
    Revision,
    RevisionOrigin,
    RevisionState,
)
from dtro_app.models.heartbeats import Heartbeat
from dtro_app.models.schemas import SchemaVersionRecord
from dtro_app.models.service_endpoints import OutageNotice, ServiceEndpoint, endpoint_key
from dtro_app.models.submissions import (
    AttemptOutcome,
    Submission,
    SubmissionAttempt,
    SubmissionState,
)

__all__ = [
    "ApiCredential",
    "Approval",
    "ApprovalDecision",
    "ApprovalPolicyChange",
    "AttemptOutcome",
    "AuditEvent",
    "BatchKind",
    "ChangeAction",
    "DeliveryBatch",
    "Dtro",
    "DtroQuerySet",
    "DtroStatus",
    "Environment",
    "Heartbeat",
    "Invitation",
    "Membership",
    "OutageNotice",
    "Revision",
    "RevisionOrigin",
    "RevisionState",
    "Role",
    "SchemaVersionRecord",
    "ServiceEndpoint",
    "Submission",
    "SubmissionAttempt",
    "SubmissionState",
    "TraScopedQuerySet",
    "TrafficAuthority",
    "endpoint_key",
]
