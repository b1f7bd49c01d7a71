"""An order whose end has passed is Expired: at once when it is published already ended, and
within a minute of its end otherwise (Celery beat runs the expiry task every minute)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from factories import published_dtro, valid_document

from dtro_app.models import Dtro, DtroStatus
from dtro_app.orders.tasks import EXPIRE_ENDED_ORDERS, expire_ended_orders_task
from portal.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def ending(authority: Any, end: datetime) -> dict[str, Any]:
    """A valid order whose only provision's time validity ends at `end`."""
    document = valid_document(authority)
    for provision in document["data"]["source"]["provision"]:
        validity = provision["regulation"]["condition"]["timeValidity"]
        validity["end"] = end.strftime("%Y-%m-%dT%H:%M:%S")
    return document


def states_on_dashboard(client: Any) -> dict[int, str]:
    board = client.get(reverse("dtro_app:dashboard")).context["board"]
    return {dtro.pk: dtro.status for dtro in board.page.object_list}


def test_an_order_published_after_its_end_is_expired_at_once(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor, ending(tra, datetime(2025, 6, 1)))

    assert dtro.status == DtroStatus.EXPIRED
    assert dtro.ends_at == datetime(2025, 5, 31, 23, tzinfo=UTC)  # midnight in London (BST)
    html = officer_client.get(dtro.get_absolute_url()).content.decode()
    assert re.search(r'id="dtro-state">\s*<strong class="govuk-tag govuk-tag--teal">Expired<', html)
    assert re.search(r'Ended</dt>\s*<dd[^>]*id="dtro-ends">1 June 2025 at 00:00<', html)


def test_an_order_expires_when_the_task_runs_after_its_end(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    end = datetime.now(UTC) + timedelta(days=3)
    dtro = published_dtro(tra, officer, supervisor, ending(tra, end))
    still = published_dtro(tra, officer, supervisor, ending(tra, end + timedelta(days=30)))
    assert dtro.status == still.status == DtroStatus.PUBLISHED

    with time_machine.travel(end + timedelta(days=1), tick=True):
        assert expire_ended_orders_task.apply().get() == 1  # as the worker runs it

    states = states_on_dashboard(officer_client)
    assert states == {dtro.pk: DtroStatus.EXPIRED, still.pk: DtroStatus.PUBLISHED}
    assert Dtro.objects.get(pk=dtro.pk).status == DtroStatus.EXPIRED


def test_the_expiry_task_is_registered_and_runs_every_minute():
    assert EXPIRE_ENDED_ORDERS in app.tasks
    schedule = settings.CELERY_BEAT_SCHEDULE.values()
    [entry] = [each for each in schedule if each["task"] == EXPIRE_ENDED_ORDERS]
    assert entry["schedule"] == 60
