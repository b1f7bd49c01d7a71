from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_command_points_each_demo_tra_at_the_emulator(tra, other_tra):
    from streetworks.models import StreetManagerAccount

    out = io.StringIO()
    call_command("setup_street_manager_demo", base_url="http://127.0.0.1:8000", stdout=out)
    call_command("setup_street_manager_demo", base_url="http://127.0.0.1:8000", stdout=out)

    accounts = StreetManagerAccount.objects.order_by("authority__code")
    assert [a.base_url for a in accounts] == ["http://127.0.0.1:8000/streetmanager-sandbox/v6"] * 2
    assert [a.email for a in accounts] == [
        "api@99998.streetmanager.example",
        "api@99999.streetmanager.example",
    ]


def test_running_the_demo_set_up_again_leaves_the_accounts_untouched(tra, other_tra):
    """Saving an account drops its cached tokens, so a second run must not save it."""
    from streetworks.models import StreetManagerAccount

    call_command(
        "setup_street_manager_demo", base_url="http://127.0.0.1:8000", stdout=io.StringIO()
    )
    first = {a.pk: a.updated_at for a in StreetManagerAccount.objects.all()}
    call_command(
        "setup_street_manager_demo", base_url="http://127.0.0.1:8000", stdout=io.StringIO()
    )

    assert {a.pk: a.updated_at for a in StreetManagerAccount.objects.all()} == first
    call_command(
        "setup_street_manager_demo", base_url="http://127.0.0.1:9000", stdout=io.StringIO()
    )
    moved = StreetManagerAccount.objects.all()
    assert all(a.base_url.startswith("http://127.0.0.1:9000/") for a in moved)
    assert all(a.updated_at > first[a.pk] for a in moved)


def test_the_emulator_command_changes_a_permit_and_emits_an_update(emulator):
    out = io.StringIO()
    call_command(
        "streetmanager_emulator", "change", "DC1000100001", "--extend-days", "2", stdout=out
    )

    assert "update event 6 emitted" in out.getvalue()
    assert emulator.load()["events"][-1]["work_reference_number"] == "DC1000100001"
