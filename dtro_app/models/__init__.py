from dtro_app.models.api_calls import ApiCall, ApiRateBucket, CallOutcome
from dtro_app.models.authorities import Membership, Role, TrafficAuthority, TraScopedQuerySet
from dtro_app.models.credentials import ApiCredential, Environment
from dtro_app.models.schemas import SchemaVersionRecord

__all__ = [
    "ApiCall",
    "ApiCredential",
    "ApiRateBucket",
    "CallOutcome",
    "Environment",
    "Membership",
    "Role",
    "SchemaVersionRecord",
    "TraScopedQuerySet",
    "TrafficAuthority",
]
