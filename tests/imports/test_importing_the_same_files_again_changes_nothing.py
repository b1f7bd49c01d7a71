"""Importing the same files again (even re-serialised: other key order, other spacing)
creates nothing: each is "unchanged" and links the D-TRO made the first time."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from factories import valid_document
from import_helpers import as_json, zip_of

from dtro_app.models import Dtro
from imports.models import ImportBatch


def _upload(client, tra, files, capture):
    with capture(execute=True):
        client.post(
            "/imports/", {"authority": tra.code, "file": SimpleUploadedFile("c.zip", zip_of(files))}
        )
    return ImportBatch.objects.order_by("-pk").first()


def test_a_second_import_reports_unchanged_and_links_the_first_dtros(
    officer_client, tra, deliver_immediately, django_capture_on_commit_callbacks
):
    documents = [valid_document(tra, name_suffix=f" {i}") for i in range(3)]
    first = _upload(
        officer_client,
        tra,
        {f"{i}.json": as_json(doc) for i, doc in enumerate(documents)},
        django_capture_on_commit_callbacks,
    )
    again = {f"again-{i}.json": json.dumps(d, indent=4).encode() for i, d in enumerate(documents)}
    changed = valid_document(tra, name_suffix=" 0 amended")
    again["changed.json"] = as_json(changed)
    second = _upload(officer_client, tra, again, django_capture_on_commit_callbacks)

    assert Dtro.objects.count() == 4  # three first time, and only the changed file now
    first_dtros = dict(first.files.values_list("position", "dtro_id"))
    outcomes = {f.name: (f.outcome, f.dtro_id) for f in second.files.all()}
    assert outcomes["changed.json"][0] == "created"
    for i in range(3):
        assert outcomes[f"again-{i}.json"] == ("unchanged", first_dtros[i])
    page = officer_client.get(f"/imports/{second.pk}/").content.decode()
    assert 'data-outcome="unchanged">3<' in page
