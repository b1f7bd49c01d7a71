from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def _start(client, wrn: str):
    from streetworks.models import WorksLink

    client.post(reverse("streetworks:start_ttro", args=[wrn, f"{wrn}-01"]), follow=True)
    return WorksLink.objects.get(work_reference=wrn).dtro


def _fetches(wrn: str) -> int:
    from outbound.models import OutboundCall

    return OutboundCall.objects.filter(path=f"/work/works/{wrn}").count()


def test_it_flags_exactly_the_linked_dtros_whose_works_changed(
    client, officer, other_officer, sm_account, other_sm_account, emulator
):
    from streetworks.sync import sync_all

    client.force_login(officer)
    closure = _start(client, "DC1000100001")
    lane = _start(client, "DC1000100002")
    client.force_login(other_officer)
    elsewhere = _start(client, "SB2000200001")
    sync_all()  # reads the feed's history; nothing changed since the drafts were started

    permit = emulator.load()["works"]["DC1000100001"]["permits"]["DC1000100001-01"]
    end = datetime.fromisoformat(permit["proposed_end_date"].replace("Z", "+00:00"))
    emulator.change_permit(
        "DC1000100001",
        proposed_end_date=(end + timedelta(days=3)).strftime("%Y-%m-%dT00:00:00.000Z"),
        traffic_management_type="lane_closure",
    )
    emulator.touch_works("DC1000100002")  # a comment: nothing an order depends on
    emulator.change_permit("DC1000100004", traffic_management_type="road_closure")  # not linked
    before = _fetches("DC1000100004")
    sync_all()

    for dtro in (closure, lane, elsewhere):
        dtro.refresh_from_db()
    assert closure.needs_review
    assert closure.review_reason.startswith("Street works DC1000100001 changed: ")
    assert "proposed end moved from" in closure.review_reason
    assert "traffic management changed from Road closure to Lane closure" in closure.review_reason
    assert not lane.needs_review
    assert not elsewhere.needs_review
    assert _fetches("DC1000100004") == before == 0


def test_it_resumes_from_its_stored_cursor_after_a_restart(officer_client, sm_account, emulator):
    from streetworks.models import SyncCursor
    from streetworks.sync import sync_account

    closure = _start(officer_client, "DC1000100001")
    # Before any cursor it reads from the oldest link: older history is already in its snapshot.
    assert sync_account(sm_account).fetched == []
    touched = emulator.touch_works("DC1000100001")
    assert sync_account(sm_account).fetched == ["DC1000100001"]
    assert SyncCursor.objects.get(account=sm_account).update_id == touched["update_id"]

    event = emulator.change_permit("DC1000100001", usrn=39609331)
    emulator.configure(restricted_paths=["/event/"])  # the service fails mid-run
    failed = sync_account(sm_account)
    assert failed.error
    assert SyncCursor.objects.get(account=sm_account).update_id == touched["update_id"]

    emulator.configure(restricted_paths=[])
    # A "restart": a fresh sync reads the cursor from the database, not from memory.
    resumed = sync_account(type(sm_account).objects.get(pk=sm_account.pk))
    assert resumed.fetched == ["DC1000100001"]
    assert resumed.flagged == [closure.pk]
    assert SyncCursor.objects.get(account=sm_account).update_id == event["update_id"]
    closure.refresh_from_db()
    assert "the works location changed (USRN 39609331)" in closure.review_reason

    again = sync_account(sm_account)
    assert again.fetched == [] and again.flagged == []


def test_the_beat_task_never_publishes_anything(officer_client, sm_account, emulator):
    from dtro_app.models import DtroStatus, Submission
    from streetworks.tasks import sync_works_updates

    closure = _start(officer_client, "DC1000100001")
    emulator.change_permit("DC1000100001", permit_status="cancelled")

    assert sync_works_updates.apply().get() == {"accounts": 1, "flagged": 1, "errors": 0}
    closure.refresh_from_db()
    assert closure.status == DtroStatus.DRAFT
    assert not Submission.objects.exists()
