from __future__ import annotations

from validation_helpers import mutate, registry

__all__ = ["mutate", "registry"]
