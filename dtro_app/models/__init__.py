from dtro_app.models.authorities import Membership, Role, TrafficAuthority, TraScopedQuerySet
from dtro_app.models.credentials import ApiCredential, Environment
from dtro_app.models.schemas import SchemaVersionRecord

__all__ = [
    "ApiCredential",
    "Environment",
    "Membership",
    "Role",
    "SchemaVersionRecord",
    "TraScopedQuerySet",
    "TrafficAuthority",
]
