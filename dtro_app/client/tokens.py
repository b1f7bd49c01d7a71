"""OAuth access tokens of a D-TRO credential, cached through `outbound.tokens`.

A credential fetches one token per lifetime (30 minutes at DfT), shared by every process;
a 401 forgets it everywhere.
"""

from __future__ import annotations

from dtro_app.models import ApiCredential
from outbound.tokens import Fetch, cached_token, forget


def _key(credential: ApiCredential) -> str:
    # `updated_at` moves when the secret or base URL changes: a token of the old app is dropped.
    stamp = int(credential.updated_at.timestamp() * 1000) if credential.updated_at else 0
    return f"dtro-client:token:{credential.pk}:{stamp}"


def get_token(credential: ApiCredential, fetch: Fetch) -> str:
    """A valid token for the credential, calling `fetch() -> (token, expires_in)` if needed."""
    return cached_token(_key(credential), fetch)


def invalidate(credential: ApiCredential, token: str) -> None:
    """Forget `token` after the service refused it, unless another process already replaced it."""
    forget(_key(credential), token)
