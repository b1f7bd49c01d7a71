"""Sandbox apps: two publishers of different TRAs and a consumer, each with a token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from sandbox_helpers import OTHER_TRA, TRA, Api, example_document, make_api, with_tra


@pytest.fixture
def publisher(db: None, client: Client) -> Api:
    return make_api(client, "Demo County publisher", TRA)


@pytest.fixture
def other_publisher(db: None) -> Api:
    return make_api(Client(), "Second Borough publisher", OTHER_TRA)


@pytest.fixture
def consumer(db: None) -> Api:
    return make_api(Client(), "Data consumer", None, consumer=True)


@pytest.fixture
def document() -> dict[str, Any]:
    return with_tra(example_document(), TRA)
