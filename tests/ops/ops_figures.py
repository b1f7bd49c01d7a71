"""The service environments the seeded queue's credentials point at (see conftest.py)."""

from __future__ import annotations

OUR_URL = "http://sandbox.ours.example/v1"
THEIR_URL = "http://sandbox.theirs.example/v1"
