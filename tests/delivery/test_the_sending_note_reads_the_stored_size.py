"""The order and approval pages' sending note (`sizing.page_note`) answers from the size the
revision stored: a document within the limit is neither loaded nor serialised; a larger one
is still measured, to say how it will go."""

from __future__ import annotations

import json

import pytest
from big_orders import big_order
from factories import draft_dtro

from dtro_app.models import Revision
from dtro_app.publishing import sizing

pytestmark = pytest.mark.django_db


class Spy:
    def __init__(self, real):
        self.real = real
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.real(*args, **kwargs)


@pytest.fixture
def serialising(monkeypatch: pytest.MonkeyPatch) -> list[Spy]:
    """Counts every serialisation: `sizing.body_bytes` and any `json.dumps`."""
    spies = [Spy(sizing.body_bytes), Spy(json.dumps)]
    monkeypatch.setattr(sizing, "body_bytes", spies[0])
    monkeypatch.setattr(json, "dumps", spies[1])
    return spies


def test_a_small_order_is_not_serialised(tra, officer, serialising) -> None:
    revision = draft_dtro(tra, officer, big_order(tra, 3)).current_revision
    revision = Revision.objects.get(pk=revision.pk)
    before = [spy.calls for spy in serialising]

    assert sizing.page_note(revision) == ""
    assert sizing.page_note(revision, update=True) == ""

    assert [spy.calls for spy in serialising] == before


def test_a_small_order_is_not_loaded(tra, officer, django_assert_num_queries) -> None:
    made = draft_dtro(tra, officer, big_order(tra, 3)).current_revision
    revision = Revision.objects.defer("document").get(pk=made.pk)

    with django_assert_num_queries(0):  # the deferred document stays unread
        assert sizing.page_note(revision) == ""


def test_a_large_order_is_still_measured_to_say_how_it_goes(
    tra, officer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sizing, "MAX_BODY_BYTES", 100 * 1024)
    revision = draft_dtro(tra, officer, big_order(tra, 150)).current_revision
    assert revision.document_bytes is not None and revision.document_bytes > 100 * 1024

    assert "it will be sent gzipped" in sizing.page_note(Revision.objects.get(pk=revision.pk))
