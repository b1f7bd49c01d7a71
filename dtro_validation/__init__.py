"""Validating D-TROs before they reach the D-TRO service.

envelope -> schema version -> JSON Schema -> semantic checks -> JSON-Logic rules; each problem
is a `ValidationIssue` with a JSON Pointer, a stable code and plain English.
"""

from __future__ import annotations

from dtro_validation.documents import (
    MAX_DECOMPRESSED_BYTES,
    MAX_RAW_BYTES,
    InputError,
    load_document,
)
from dtro_validation.issues import ValidationIssue, ValidationReport
from dtro_validation.pipeline import validate_document
from dtro_validation.registry import (
    SchemaRegistry,
    SchemaVersion,
    build_registry,
    get_registry,
    reset_registry,
)
from dtro_validation.service_errors import translate_service_error

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "MAX_RAW_BYTES",
    "InputError",
    "SchemaRegistry",
    "SchemaVersion",
    "ValidationIssue",
    "ValidationReport",
    "build_registry",
    "get_registry",
    "load_document",
    "reset_registry",
    "translate_service_error",
    "validate_document",
]
