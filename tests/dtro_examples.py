"""Real D-TRO examples from DTRO_SPEC_DIR, adapted for tests (see dtro_app.examples)."""

from __future__ import annotations

from dtro_app.examples import example_document, with_tra

__all__ = ["example_document", "with_tra"]
