"""`manage.py upgrade_drafts`: every draft below the target upgraded, one line each and a
total; a dry run saves nothing; a second run changes nothing; drafts awaiting approval and
other TRAs (with --tra) are left alone."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from factories import awaiting_approval, draft_dtro

from dtro_app.drafting.examples import with_tra
from dtro_app.models import AuditEvent, Revision

pytestmark = pytest.mark.django_db


def example(version: str, name: str) -> dict:
    path = f"{settings.DTRO_SPEC_DIR}/examples/{version}/{name}"
    with open(path, encoding="utf-8-sig") as file:
        return json.load(file)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("upgrade_drafts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def drafts(tra, officer, other_tra, other_officer):
    return {
        "3.4.1": draft_dtro(
            tra, officer, with_tra(example("3.4.1", "example-maxstaynoreturn.json"), tra.code)
        ),
        "3.5.1": draft_dtro(
            tra,
            officer,
            with_tra(example("3.5.1", "example-more-complex-example.json"), tra.code),
        ),
        "4.0.0": draft_dtro(
            tra, officer, with_tra(example("4.0.0", "example-weight-restriction.json"), tra.code)
        ),
        "other": draft_dtro(
            other_tra,
            other_officer,
            with_tra(example("3.5.1", "example-weight-restriction.json"), other_tra.code),
        ),
        "awaiting": awaiting_approval(
            tra, officer, with_tra(example("3.5.1", "example-syl.json"), tra.code)
        ).dtro,
    }


def test_a_dry_run_reports_every_draft_and_saves_nothing(drafts) -> None:
    revisions = Revision.objects.count()

    output = run("--to", "4.0.0", "--dry-run")

    lines = output.strip().splitlines()
    assert (
        lines[0] == f"{drafts['3.4.1'].reference}: 3.4.1 → 4.0.0, 4 changes, 0 for a person, valid"
    )
    assert lines[1] == (f"{drafts['3.5.1'].reference}: 3.5.1 → 4.0.0, 12 changes, 5 for a person")
    assert lines[2].startswith(f"{drafts['other'].reference}: 3.5.1 → 4.0.0")
    assert lines[-1] == (
        "Total: 3 drafts would be upgraded (dry run: nothing saved) to 4.0.0, 18 changes, "
        "5 for a person, 0 not upgraded."
    )
    assert drafts["4.0.0"].reference not in output
    assert drafts["awaiting"].reference not in output
    assert Revision.objects.count() == revisions
    assert not AuditEvent.objects.filter(action="dtro.upgraded").exists()


def test_it_upgrades_once_and_a_second_run_changes_nothing(drafts, officer) -> None:
    first = run("--to", "4.0.0", "--tra", "99999")

    assert first.strip().splitlines()[-1].startswith("Total: 2 drafts upgraded to 4.0.0")
    for key in ("3.4.1", "3.5.1"):
        drafts[key].refresh_from_db()
        revision = drafts[key].current_revision
        assert revision.schema_version == "4.0.0" and revision.number == 2
        assert revision.created_by == officer
        assert revision.note.endswith("By manage.py upgrade_drafts.")
    assert (
        AuditEvent.objects.filter(
            action="dtro.upgraded", actor_label="manage.py upgrade_drafts"
        ).count()
        == 2
    )
    drafts["other"].refresh_from_db()
    assert drafts["other"].current_revision.schema_version == "3.5.1"  # another TRA
    assert drafts["awaiting"].revisions.count() == 1
    revisions = Revision.objects.count()

    second = run("--to", "4.0.0", "--tra", "99999")

    assert second.strip() == (
        "Total: 0 drafts upgraded to 4.0.0, 0 changes, 0 for a person, 0 not upgraded."
    )
    assert Revision.objects.count() == revisions


def test_the_candidate_is_refused_unless_allowed(drafts, settings) -> None:
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = False
    with pytest.raises(CommandError, match="cannot be upgraded to 5"):
        run("--to", "5.0.0")
