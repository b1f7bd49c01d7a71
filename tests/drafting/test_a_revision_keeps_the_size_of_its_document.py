"""Every way of making a revision stores the size of its document as the client sends it
(`sizing.body_bytes`), so pages and the delivery plan never serialise a document to learn
it: the JSON editor, an upload, the guided form, shrinking, upgrading, adopting an order
from the service's export and a bulk insert. A revision made before the size was kept is
measured once, when first asked, and keeps it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drafting_helpers import guided_post
from factories import draft_dtro, valid_document

from dtro_app.drafting.examples import with_tra
from dtro_app.models import Revision, RevisionOrigin
from dtro_app.publishing import sizing
from imports import services as imports
from imports.models import ImportBatch, ImportKind
from tests.drafting.test_make_an_order_smaller import kerb_document, shrink_url
from tests.drafting.test_upgrade_a_draft import example, upgrade_url

pytestmark = pytest.mark.django_db


def _by_editor(client: Any, tra: Any, officer: Any) -> None:
    document = json.dumps(valid_document(tra))
    client.post(reverse("dtro_app:dtro_create_json"), {"document": document, "authority": tra.code})


def _by_upload(client: Any, tra: Any, officer: Any) -> None:
    upload = SimpleUploadedFile("order.json", json.dumps(valid_document(tra)).encode())
    client.post(reverse("dtro_app:dtro_create_upload"), {"file": upload})


def _by_guided_form(client: Any, tra: Any, officer: Any) -> None:
    client.post(reverse("dtro_app:dtro_create_form"), guided_post(tra.code))


def _by_shrinking(client: Any, tra: Any, officer: Any) -> None:
    draft = draft_dtro(tra, officer, kerb_document(tra))
    revision = str(draft.current_revision.pk)
    client.post(shrink_url(draft), {"tolerance": "5", "merge": "yes", "revision": revision})


def _by_upgrading(client: Any, tra: Any, officer: Any) -> None:
    draft = draft_dtro(tra, officer, with_tra(example("3.5.1"), tra.code))
    client.post(upgrade_url(draft), {"target": "4.0.0", "revision": draft.current_revision.pk})


def _by_import_adoption(client: Any, tra: Any, officer: Any) -> None:
    batch = ImportBatch.objects.create(
        authority=tra, created_by=officer, name="export", kind=ImportKind.FILES
    )
    imports.adopt_published(batch, uuid.uuid4(), valid_document(tra))


def _by_bulk_insert(client: Any, tra: Any, officer: Any) -> None:
    dtro = draft_dtro(tra, officer)
    document = valid_document(tra, name_suffix=" bulk")
    Revision.objects.bulk_create(
        [
            Revision(
                dtro=dtro,
                number=2,
                origin=RevisionOrigin.JSON,
                document=document,
                created_by=officer,
            )
        ],
        batch_size=10,
    )


# Each way, and what the revision it makes looks like: its origin and number.
PATHS: dict[str, tuple[Callable[[Any, Any, Any], None], str, int]] = {
    "JSON editor": (_by_editor, RevisionOrigin.JSON, 1),
    "upload": (_by_upload, RevisionOrigin.UPLOAD, 1),
    "guided form": (_by_guided_form, RevisionOrigin.FORM, 1),
    "shrinking": (_by_shrinking, RevisionOrigin.JSON, 2),
    "upgrading": (_by_upgrading, RevisionOrigin.JSON, 2),
    "import adoption": (_by_import_adoption, RevisionOrigin.SERVICE, 1),
    "bulk insert": (_by_bulk_insert, RevisionOrigin.JSON, 2),
}


@pytest.mark.parametrize("path", PATHS)
def test_the_new_revision_stores_its_size_as_sent(path, officer_client, tra, officer) -> None:
    make, origin, number = PATHS[path]
    before = set(Revision.objects.values_list("pk", flat=True))

    make(officer_client, tra, officer)

    newest = Revision.objects.exclude(pk__in=before).order_by("-pk").first()
    assert newest is not None, f"{path} made no revision"
    assert (newest.origin, newest.number) == (origin, number)
    assert newest.document_bytes is not None
    assert newest.document_bytes == sizing.body_bytes(newest.document)


def test_a_revision_made_before_sizes_were_kept_is_measured_once(tra, officer) -> None:
    revision = draft_dtro(tra, officer).current_revision
    Revision.objects.filter(pk=revision.pk).update(document_bytes=None)
    old = Revision.objects.get(pk=revision.pk)

    assert old.size_as_sent() == sizing.body_bytes(old.document)
    stored = Revision.objects.values_list("document_bytes", flat=True).get(pk=revision.pk)
    assert stored == sizing.body_bytes(old.document)
