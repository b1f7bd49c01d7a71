"""The only code that speaks HTTP to Street Manager."""

from streetworks.client.api import StreetManagerClient
from streetworks.client.errors import (
    AccessRestricted,
    AccountLocked,
    AuthenticationFailed,
    NotFound,
    OrganisationSuspended,
    PermanentError,
    RateLimited,
    StreetManagerError,
    TransientError,
)

__all__ = [
    "AccessRestricted",
    "AccountLocked",
    "AuthenticationFailed",
    "NotFound",
    "OrganisationSuspended",
    "PermanentError",
    "RateLimited",
    "StreetManagerClient",
    "StreetManagerError",
    "TransientError",
]
