"""Supervisors' personas beyond the shared ones, and rows of two TRAs to scope against."""

from __future__ import annotations

from typing import Any

import pytest
from auth_helpers import make_superuser
from factories import approved_submission

from dtro_app.models import Submission, SubmissionState
from tests.conftest import make_user


@pytest.fixture
def other_supervisor(other_tra: Any) -> Any:
    return make_user("supervisor@second.example", other_tra, "supervisor", staff=True)


@pytest.fixture
def second_supervisor(tra: Any) -> Any:
    """Another supervisor of TRA 99999 (for four-eyes cases where the first drafted)."""
    return make_user("second.supervisor@demo.example", tra, "supervisor", staff=True)


@pytest.fixture
def superuser(db: None) -> Any:
    return make_superuser()


def make_failed(submission: Submission, error: str = "The D-TRO service answered 503") -> None:
    """Put an outbox row where the runner leaves it after its last attempt."""
    Submission.objects.filter(pk=submission.pk).update(
        state=SubmissionState.FAILED, attempts=5, last_error=error
    )
    submission.refresh_from_db()


@pytest.fixture
def failed_submission(tra: Any, officer: Any, supervisor: Any) -> Submission:
    submission = approved_submission(tra, officer, supervisor)
    make_failed(submission)
    return submission


@pytest.fixture
def other_failed_submission(
    other_tra: Any, other_officer: Any, other_supervisor: Any
) -> Submission:
    submission = approved_submission(other_tra, other_officer, other_supervisor)
    make_failed(submission, "Other TRA's failure")
    return submission
