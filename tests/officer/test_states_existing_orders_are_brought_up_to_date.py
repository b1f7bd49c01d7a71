"""Orders published before the new states existed are given them by the migration that adds
them, from what their published version says."""

from __future__ import annotations

import importlib
from datetime import datetime

import pytest
from django.apps import apps
from factories import published_dtro, valid_document

from dtro_app.drafting.revocation import build_revocation
from dtro_app.models import Dtro, DtroStatus, Revision

pytestmark = pytest.mark.django_db(transaction=True)

migration = importlib.import_module(
    "dtro_app.migrations.0015_revoked_partly_revoked_and_expired_states"
)


def as_before_the_migration(dtro: Dtro) -> None:
    Dtro.objects.filter(pk=dtro.pk).update(status=DtroStatus.PUBLISHED, revocation="", ends_at=None)


def test_published_orders_get_their_state_from_their_published_version(
    tra, officer, supervisor, sandbox_credential
):
    in_force = published_dtro(tra, officer, supervisor)
    revoked = published_dtro(tra, officer, supervisor)
    Revision.objects.filter(pk=revoked.published_revision_id).update(
        document=build_revocation(revoked.published_revision.document, full=True)
    )
    ended_document = valid_document(tra)
    validity = ended_document["data"]["source"]["provision"][0]["regulation"]["condition"]
    validity["timeValidity"]["end"] = "2025-06-01T00:00:00"
    ended = published_dtro(tra, officer, supervisor, ended_document)
    for dtro in (in_force, revoked, ended):
        as_before_the_migration(dtro)

    migration.store_what_published_versions_say(apps, None)

    states = dict(Dtro.objects.values_list("pk", "status"))
    assert states == {
        in_force.pk: DtroStatus.PUBLISHED,
        revoked.pk: DtroStatus.REVOKED,
        ended.pk: DtroStatus.EXPIRED,
    }
    assert Dtro.objects.get(pk=ended.pk).ends_at.replace(tzinfo=None) < datetime(2025, 6, 2)
