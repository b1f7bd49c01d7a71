"""The JSON editor decides between the editor and download-and-upload from the size its
revision stored (`Revision.document_bytes`), not by serialising the document again."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import draft_dtro

from dtro_app.models import Revision
from dtro_app.publishing import sizing

pytestmark = pytest.mark.django_db


def test_the_stored_size_decides_whether_the_order_can_be_edited_in_the_browser(
    officer_client, tra, officer, settings
):
    dtro = draft_dtro(tra, officer)
    revision = dtro.current_revision
    size = sizing.body_bytes(revision.document)
    settings.DTRO_EDITOR_MAX_BYTES = size + 100
    edit = reverse("dtro_app:dtro_edit_json", args=[dtro.pk])
    assert "can be changed in the browser" not in officer_client.get(edit).content.decode()

    # The same document, its stored size past the limit: the page goes by the stored size.
    Revision.objects.filter(pk=revision.pk).update(document_bytes=size + 101)

    html = officer_client.get(edit).content.decode()
    assert "can be changed in the browser" in html and 'type="file"' in html
