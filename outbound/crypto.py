"""Encryption of the secrets the portal calls outside services with (API client secrets,
Street Manager passwords, cached access tokens), stored in the database or the cache.

Fernet (AES-128-CBC + HMAC) with the key from settings.FIELD_ENCRYPTION_KEY. The key may
be any string: it is stretched with SHA-256 into a Fernet key, so operators can use a
random token of their choice.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted (the encryption key changed)."""


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def encrypt(plaintext: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "The stored secret cannot be decrypted: FIELD_ENCRYPTION_KEY has changed. "
            "Enter the secret again."
        ) from exc
