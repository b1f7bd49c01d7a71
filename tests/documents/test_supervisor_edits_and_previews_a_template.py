"""A supervisor changes their TRA's wording of a document, sees it previewed with one of
their orders (the whole page and, for htmx, the preview alone), saves it, and the order's
document follows; "use the default wording again" brings the default back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.kinds import DocumentKind
from documents.models import DocumentTemplate

pytestmark = pytest.mark.django_db

WORDING = "<h1>Public notice</h1><p>{{ authority.name }} proposes {{ order.name|upper }}.</p>"


def _edit_url(tra, kind=DocumentKind.NOTICE_OF_PROPOSAL):
    return reverse("documents:template_edit", args=[tra.code, kind.value])


def test_the_edit_page_previews_the_current_wording_with_an_order(supervisor_client, tra, order):
    response = supervisor_client.get(_edit_url(tra))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Seeing the proposal and objecting to it" in page  # the default, in the textarea
    assert 'id="document-preview-body"' in page
    assert f"Preview with {order.reference}" in page


def test_preview_shows_the_typed_wording_filled_in_without_saving_it(supervisor_client, tra, order):
    response = supervisor_client.post(
        _edit_url(tra), {"body": WORDING, "order": order.pk, "action": "preview"}
    )

    assert response.status_code == 200
    assert f"Demo County Council proposes {order.name.upper()}." in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_the_htmx_preview_answers_with_the_preview_alone(supervisor_client, tra, order):
    response = supervisor_client.post(
        reverse("documents:template_preview", args=[tra.code, "notice_of_proposal"]),
        {"body": WORDING, "order": order.pk},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<section id="document-preview"')
    assert f"Demo County Council proposes {order.name.upper()}." in page


def test_saved_wording_is_what_the_orders_document_says(client, supervisor, officer, tra, order):
    client.force_login(supervisor)
    response = client.post(_edit_url(tra), {"body": WORDING, "action": "save"})
    assert response.status_code == 302

    client.force_login(officer)
    document = client.get(reverse("documents:html", args=[order.pk, "notice_of_proposal"]))
    text = document.content.decode()
    assert "<h1>Public notice</h1>" in text
    assert f"proposes {order.name.upper()}." in text
    assert "Seeing the proposal and objecting to it" not in text
    # Only that kind changed: the schedule keeps the default wording.
    schedule = client.get(reverse("documents:html", args=[order.pk, "schedule"]))
    assert "Schedule of provisions" in schedule.content.decode()


def test_a_template_that_does_not_compile_is_refused_and_not_saved(supervisor_client, tra):
    response = supervisor_client.post(
        _edit_url(tra), {"body": "{% for x in provisions %}no end", "action": "save"}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_use_the_default_wording_again(supervisor_client, tra, order):
    supervisor_client.post(_edit_url(tra), {"body": WORDING, "action": "save"})

    supervisor_client.post(
        reverse("documents:template_reset", args=[tra.code, "notice_of_proposal"])
    )

    assert not DocumentTemplate.objects.exists()
    document = supervisor_client.get(
        reverse("documents:html", args=[order.pk, "notice_of_proposal"])
    )
    assert "Seeing the proposal and objecting to it" in document.content.decode()
