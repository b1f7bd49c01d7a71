"""The estimate counts requests, not changes: an order created in parts costs one a part, an
order sent gzipped one, a plain order one (planned at approval, summed over what is pending).

At limits of 100 KB per request and 150 KB inflated, so orders of a few hundred provisions
stand for the 10 MB and 25 MB ones (as tests/delivery/test_orders_bigger_than_the_limits.py)."""

from __future__ import annotations

import uuid

import pytest
from big_orders import big_order
from factories import awaiting_approval, make_credential, valid_document

from dtro_app.approvals.services import approve
from dtro_app.models import BatchKind, DeliveryBatch, ServiceEndpoint
from dtro_app.publishing import sizing
from dtro_app.publishing.pacing import batch_estimate

pytestmark = pytest.mark.django_db

BASE_URL = "http://dtro.example.test/v1"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", 100 * 1024)
    monkeypatch.setattr(sizing, "MAX_INFLATED_BYTES", 150 * 1024)


@pytest.fixture
def provision_level_credential(tra):
    """A sandbox credential with an App-Id: provision-level calls (so parts) are offered."""
    ServiceEndpoint.objects.create(base_url=BASE_URL, rate_limit_per_minute=120)
    return make_credential(tra, BASE_URL, "client", "secret", app_id=uuid.uuid4())


def _approved_together(tra, officer, supervisor, documents) -> DeliveryBatch:
    batch = DeliveryBatch.objects.create(authority=tra, kind=BatchKind.APPROVAL)
    for document in documents:
        approve(awaiting_approval(tra, officer, document), user=supervisor, batch=batch)
    return batch


def test_an_order_created_in_four_parts_counts_four_requests(
    tra, officer, supervisor, provision_level_credential, small_limits
):
    document = big_order(tra, 200)
    way = sizing.choose(document)
    assert (way.kind, way.parts) == (sizing.PARTS, 4)

    batch = _approved_together(tra, officer, supervisor, [document])

    found = batch_estimate(batch)
    assert found is not None
    assert (found.total, found.requests_left) == (1, 4)


def test_a_gzipped_order_counts_one_request_beside_a_plain_one(
    tra, officer, supervisor, provision_level_credential, small_limits
):
    gzipped = big_order(tra, 70)
    assert sizing.choose(gzipped).kind == sizing.GZIP

    batch = _approved_together(tra, officer, supervisor, [gzipped, valid_document(tra)])

    found = batch_estimate(batch)
    assert found is not None
    assert (found.total, found.requests_left) == (2, 2)


def test_without_provision_level_calls_a_too_large_create_counts_one(
    tra, officer, supervisor, small_limits
):
    """Not offered in parts, it is refused before sending: it still takes its turn, no more."""
    ServiceEndpoint.objects.create(base_url=BASE_URL, rate_limit_per_minute=120)
    make_credential(tra, BASE_URL, "client", "secret")  # no App-Id

    batch = _approved_together(tra, officer, supervisor, [big_order(tra, 200)])

    found = batch_estimate(batch)
    assert found is not None and found.requests_left == 1
