"""Parsing and validating a large order run with Python's cyclic collector paused (its passes
over a 10 MB order's million objects cost as much as the parse); it comes back as it was."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator

import pytest

from dtro_validation import load_document, validate_document
from dtro_validation.collector import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner block must not turn it back on"
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_it_comes_back_on_when_the_block_fails(collector_on: None) -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_overlapping_blocks_in_two_threads_leave_it_on(collector_on: None) -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled(), "the other thread's block is still running"
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_parsing_and_validating_run_with_it_paused(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dtro_validation.limits as limits
    import dtro_validation.schema as schema

    seen: list[bool] = []
    real_fast_parse, real_validate_schema = limits._fast_parse, schema.validate_schema

    def fast_parse(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real_fast_parse(*args, **kwargs)

    def validate_schema(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real_validate_schema(*args, **kwargs)

    monkeypatch.setattr(limits, "_fast_parse", fast_parse)
    monkeypatch.setattr("dtro_validation.pipeline.validate_schema", validate_schema)
    document = load_document(
        json.dumps({"schemaVersion": "4.0.0", "data": {"source": {}}}).encode()
    )
    validate_document(document)
    assert seen == [False, False]
    assert gc.isenabled()
