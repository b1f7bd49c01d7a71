"""More supervisors for the email tests: a second one of TRA 99999 and one of TRA 99998."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_user


@pytest.fixture
def second_supervisor(tra: Any) -> Any:
    return make_user("second.supervisor@demo.example", tra, "supervisor", staff=True)


@pytest.fixture
def other_supervisor(other_tra: Any) -> Any:
    return make_user("supervisor@second.example", other_tra, "supervisor", staff=True)
