"""The Django admin as supervisors use it: scoped to their TRAs, read-mostly.

Every ModelAdmin here derives from `TraScopedAdmin`: superusers see every row; staff
supervisors see only rows of TRAs where they hold an active supervisor membership, and
reach other TRAs' rows by no URL. State changes go through the services, never raw saves.
"""

from __future__ import annotations

# Importing each module registers its ModelAdmins.
from dtro_app.admin import (  # noqa: F401
    audit_log,
    authorities,
    base,
    calls,
    credentials,
    delivery,
    orders,
    users,
)
