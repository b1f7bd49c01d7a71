from __future__ import annotations

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from dtro_app import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(tra, supervisor):  # type: ignore[no-untyped-def]
    return [
        audit.record("submission.retried", actor=supervisor, authority=tra, summary="retried one"),
        audit.record(
            "credential.changed",
            actor=supervisor,
            authority=tra,
            summary="=HYPERLINK(evil)",
            before={"client_id": "a"},
            after={"client_id": "b"},
        ),
    ]


def rows_of(response):  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_export_follows_the_changelist_filters(supervisor_client, events):
    response = supervisor_client.get(
        reverse("admin:dtro_app_auditevent_export"), {"action__exact": "credential.changed"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    [row] = rows_of(response)
    assert row["action"] == "credential.changed"
    assert row["actor"] == "supervisor@demo.example"
    assert row["authority"] == "99999"
    assert row["before"] == '{"client_id": "a"}'


def test_cells_that_look_like_formulas_are_neutralised(supervisor_client, events):
    rows = rows_of(supervisor_client.get(reverse("admin:dtro_app_auditevent_export")))
    summaries = {r["summary"] for r in rows if not r["action"].startswith("login.")}
    assert summaries == {"retried one", "'=HYPERLINK(evil)"}


def test_selected_rows_export_as_csv(supervisor_client, events):
    response = supervisor_client.post(
        reverse("admin:dtro_app_auditevent_changelist"),
        {"action": "export_selected", ACTION_CHECKBOX_NAME: [events[0].pk], "index": 0},
    )
    assert [r["summary"] for r in rows_of(response)] == ["retried one"]


def test_audit_rows_cannot_be_added_changed_or_deleted(
    supervisor_client, superuser, client, events
):
    event = events[0]
    assert supervisor_client.get(reverse("admin:dtro_app_auditevent_add")).status_code == 403
    change = supervisor_client.post(
        reverse("admin:dtro_app_auditevent_change", args=[event.pk]), {"summary": "edited"}
    )
    assert change.status_code == 403
    client.force_login(superuser)
    delete = client.post(
        reverse("admin:dtro_app_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    event.refresh_from_db()
    assert event.summary == "retried one"


def test_the_changelist_links_to_the_export(supervisor_client, events):
    page = supervisor_client.get(reverse("admin:dtro_app_auditevent_changelist"))
    assert reverse("admin:dtro_app_auditevent_export") in page.content.decode()
