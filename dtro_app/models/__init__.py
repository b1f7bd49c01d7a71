from dtro_app.models.authorities import Membership, Role, TraScopedQuerySet, TrafficAuthority

__all__ = ["Membership", "Role", "TraScopedQuerySet", "TrafficAuthority"]
