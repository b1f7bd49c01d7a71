from dtro_app.models.authorities import Membership, Role, TrafficAuthority, TraScopedQuerySet
from dtro_app.models.schemas import SchemaVersionRecord

__all__ = [
    "Membership",
    "Role",
    "SchemaVersionRecord",
    "TraScopedQuerySet",
    "TrafficAuthority",
]
