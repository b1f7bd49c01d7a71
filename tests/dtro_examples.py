"""Real D-TRO examples from DTRO_SPEC_DIR, adapted for tests (see dtro_app.drafting.examples)."""

from __future__ import annotations

from dtro_app.drafting.examples import example_document, with_tra

__all__ = ["example_document", "with_tra"]
