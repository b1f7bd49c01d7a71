"""Strict readers for settings that come from the environment.

Anything other than a recognised value raises ImproperlyConfigured, so a typo in a
deployment fails at start-up rather than silently falling back to a default. Only the
settings modules call these: application code reads `django.conf.settings`.
"""

from __future__ import annotations

import ipaddress
import os
from typing import overload

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """A string setting; `NAME_FILE` (a path, as Docker secrets use) wins over `NAME`."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        with open(file_path, encoding="utf-8") as handle:
            return handle.read().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


@overload
def env_int(name: str, default: int) -> int: ...
@overload
def env_int(name: str, default: None) -> int | None: ...
def env_int(name: str, default: int | None) -> int | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_networks(name: str, default: str = "") -> list[str]:
    """A list of IP addresses or CIDR networks, each checked at start-up."""
    networks = env_list(name, default)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {network!r} is not an IP or CIDR") from exc
    return networks


def env_names(prefix: str) -> list[str]:
    """The names of every variable set with this prefix, so a check can report misspelt ones."""
    return sorted(name for name in os.environ if name.startswith(prefix))


def refuse_placeholder_key(name: str, value: str) -> None:
    """Keys copied from .env.example or docs, or too short to resist guessing, stop the start."""
    lowered = value.lower()
    if len(value) < 32 or any(
        word in lowered for word in ("change-me", "changeme", "insecure", "placeholder")
    ):
        # Never echo the value: it may be a real (if weak) secret.
        raise ImproperlyConfigured(
            f"{name} is a placeholder or too short: in production it must be a random value "
            'of at least 32 characters (python -c "import secrets; '
            'print(secrets.token_urlsafe(50))")'
        )
