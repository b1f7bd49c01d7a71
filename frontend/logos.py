"""A TRA's optional logo: a small PNG or JPEG, recognised by its first bytes.

SVG is refused (it can carry script), and so is anything whose content is not a PNG or
JPEG whatever its name says. The file is stored under a name we choose, and served by
`dtro_app.membership.views.tra_logo` with the type its bytes show and `nosniff`.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError

MAX_LOGO_BYTES = 200 * 1024
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}


def logo_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PNG or JPEG from its first bytes, else None."""
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def _head(file: Any) -> bytes:
    position = file.tell() if hasattr(file, "tell") else None
    file.seek(0)
    head = file.read(8)
    file.seek(position or 0)
    return head


def validate_logo(file: Any) -> None:
    """Refuse anything but a PNG or JPEG of at most 200 KB."""
    if getattr(file, "_committed", False):
        return  # already stored (checked when it was uploaded): saving the TRA again
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError("The logo must be smaller than 200 KB", code="logo_too_large")
    if logo_type(_head(file)) is None:
        raise ValidationError("The logo must be a PNG or JPEG image", code="logo_type")


def logo_upload_to(instance: Any, filename: str) -> str:
    """A name we choose (the uploaded name is never used), with the extension the bytes show."""
    kind = logo_type(_head(instance.logo))
    extension = kind[1] if kind else "bin"
    return f"tra-logos/{instance.code}-{secrets.token_hex(8)}.{extension}"
