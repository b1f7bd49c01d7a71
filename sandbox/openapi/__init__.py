"""OpenAPI 3.1 description of the sandbox, built in code so it stays next to the views.

Every operation lists every status the sandbox can answer, including the gateway's
401/403/413/429 faults and the injected 5xx faults. `schemas` holds the components,
`paths` the operations and the document.
"""

from __future__ import annotations

from sandbox.openapi.paths import describe

__all__ = ["describe"]
