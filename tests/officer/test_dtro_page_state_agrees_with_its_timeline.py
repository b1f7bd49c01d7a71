"""The D-TRO page reads its state and its timeline as of one moment: a worker that commits
between the two reads cannot make the page say "In delivery" beside a settled timeline
(which left the page not polling, stuck on "In delivery")."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.db import connection
from factories import approved_submission

from dtro_app.models import Dtro, Submission, SubmissionState
from dtro_app.models.status import refresh_status
from dtro_app.orders import selectors
from tests.conftest import service_unavailable

pytestmark = pytest.mark.django_db(transaction=True)


def _publish_from_another_connection(submission_id: int) -> None:
    """What a worker does when its delivery succeeds, committed on its own connection."""

    def work() -> None:
        try:
            submission = Submission.objects.get(pk=submission_id)
            Submission.objects.filter(pk=submission_id).update(state=SubmissionState.SUCCEEDED)
            refresh_status(Dtro.objects.get(pk=submission.dtro_id))
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_a_delivery_settling_mid_page_leaves_state_and_timeline_in_agreement(
    officer_client: Any, tra: Any, officer: Any, supervisor: Any, monkeypatch: Any
) -> None:
    if connection.vendor != "postgresql":
        service_unavailable("needs PostgreSQL (a second connection commits mid-request)")
    submission = approved_submission(tra, officer, supervisor)
    original = selectors.timeline

    def timeline_after_a_worker_commits(dtro: Dtro) -> selectors.Timeline:
        _publish_from_another_connection(submission.pk)
        return original(dtro)

    monkeypatch.setattr(selectors, "timeline", timeline_after_a_worker_commits)
    html = officer_client.get(submission.dtro.get_absolute_url()).content.decode()

    state = re.search(r'id="dtro-state">(.*?)</dd>', html, re.S)
    shown_state = re.sub(r"<[^>]+>", "", state.group(1)).strip() if state else ""
    submission_state = re.search(r'data-state="([a-z_]+)"', html)
    assert submission_state is not None
    # One moment: the change is still queued on both, and the page keeps polling.
    assert (shown_state, submission_state.group(1)) == ("In delivery", "queued")
    assert 'hx-trigger="every 3s"' in html
    # The next poll sees the settled delivery and reloads the page.
    monkeypatch.setattr(selectors, "timeline", original)
    poll = officer_client.get(
        f"/dtros/{submission.dtro_id}/timeline/?polling=1", HTTP_HX_REQUEST="true"
    )
    assert poll["HX-Refresh"] == "true"
