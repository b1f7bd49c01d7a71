"""Each server process draws its own fault sequence: the seed plus the process id."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sandbox import faults


def draws(n: int = 8) -> list[float]:
    return [faults._generator().random() for _ in range(n)]


def as_pid(monkeypatch: pytest.MonkeyPatch, pid: int) -> None:
    monkeypatch.setattr(faults.os, "getpid", lambda: pid)


def test_processes_with_the_same_seed_draw_different_repeatable_sequences(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.SANDBOX_FAULT_SEED = "7"
    as_pid(monkeypatch, 1001)
    first = draws()
    as_pid(monkeypatch, 1002)
    second = draws()
    as_pid(monkeypatch, 1001)
    again = draws()
    assert first != second
    assert first == again


def test_a_forked_worker_reseeds_instead_of_repeating_its_parent(settings: Any) -> None:
    settings.SANDBOX_FAULT_SEED = "7"
    faults._generator()  # seeded in the parent, as gunicorn's master would have imported it
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, repr(draws()).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read) as pipe:
        in_child = pipe.read()
    assert in_child != repr(draws())


def test_without_a_seed_each_process_uses_os_randomness(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.SANDBOX_FAULT_SEED = ""
    as_pid(monkeypatch, 2001)
    first = draws()
    as_pid(monkeypatch, 2002)
    draws(1)
    as_pid(monkeypatch, 2001)
    assert draws() != first
    assert faults.process_seed(None, 2001) is None


def test_seed_makes_a_test_repeatable_in_this_process() -> None:
    faults.seed(42)
    first = draws()
    faults.seed(42)
    assert draws() == first
