"""While a TRA's service environment is not answering, its officers and supervisors see one
banner on every page saying since when and how many changes wait; other TRAs see nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import approved_submission, sandbox_credential_for

from dtro_app.models import ServiceEndpoint, endpoint_key

pytestmark = pytest.mark.django_db


def _outage_of(base_url: str, since_minutes: int) -> None:
    since = timezone.now() - timedelta(minutes=since_minutes)
    ServiceEndpoint.objects.update_or_create(
        base_url=endpoint_key(base_url),
        defaults={"failing_since": since, "opened_at": since, "consecutive_failures": 5},
    )


def test_officers_of_the_tra_see_since_when_and_how_many_changes_wait(
    officer_client, supervisor_client, tra, officer, supervisor
):
    sandbox_credential_for(tra, "http://dtro.example/v1")
    for _ in range(3):
        approved_submission(tra, officer, supervisor)
    _outage_of("http://dtro.example/v1", since_minutes=30)
    since = timezone.localtime(timezone.now() - timedelta(minutes=30)).strftime("%H:%M")
    expected = (
        f"The D-TRO service has not answered since {since}; 3 changes are waiting and will "
        "be sent automatically."
    )
    assert expected in officer_client.get("/").content.decode()
    assert expected in supervisor_client.get("/").content.decode()


def test_nothing_is_shown_when_every_environment_answers(officer_client, tra, officer, supervisor):
    sandbox_credential_for(tra, "http://dtro.example/v1")
    approved_submission(tra, officer, supervisor)
    assert "has not answered" not in officer_client.get("/").content.decode()


def test_another_tras_outage_is_not_shown(officer_client, tra, other_tra, officer, supervisor):
    sandbox_credential_for(tra, "http://dtro.example/v1")
    sandbox_credential_for(other_tra, "http://elsewhere.example/v1")
    _outage_of("http://elsewhere.example/v1", since_minutes=5)
    assert "has not answered" not in officer_client.get("/").content.decode()
