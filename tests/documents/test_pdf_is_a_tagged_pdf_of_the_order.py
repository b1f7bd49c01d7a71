"""The PDF is a real, tagged PDF (PDF/UA-1): its text has the order's name and its places,
its title is the document's, and it embeds the map image."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

pytestmark = pytest.mark.django_db


def _pdf(client, order, kind="schedule"):
    response = client.get(reverse("documents:pdf", args=[order.pk, kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{order.reference}-{kind}.pdf"'
    )
    return response.content


def test_the_schedule_pdf_has_the_orders_name_and_places(officer_client, order):
    content = _pdf(officer_client, order)

    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "(RESTRICTION AND LIMITED WAITING) TRAFFIC REGULATION ORDER 2024" in text
    assert "West side, Market Street, Draycott" in text
    assert "Monday to Saturday, 08:00 to 18:00" in text
    assert reader.metadata.title == f"Schedule: {order.name}"


def _structure(node, found):
    """(structure type, alternative text) of every element of the PDF's tag tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        for child in node:
            _structure(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append((node["/S"], node.get("/Alt")))
        if "/K" in node:
            _structure(node["/K"], found)
    return found


def test_the_pdf_is_tagged_for_screen_readers(officer_client, order):
    reader = PdfReader(io.BytesIO(_pdf(officer_client, order)))

    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    types = [kind for kind, _alt in _structure(root["/StructTreeRoot"], [])]
    for kind in ("/H1", "/H2", "/Table", "/Caption", "/TH", "/TD"):
        assert kind in types, kind


def test_the_schedule_pdf_has_the_map_as_a_figure_naming_its_places(officer_client, order):
    reader = PdfReader(io.BytesIO(_pdf(officer_client, order)))

    figures = [
        alt
        for kind, alt in _structure(reader.trailer["/Root"]["/StructTreeRoot"], [])
        if kind == "/Figure"
    ]
    assert figures == ["Map of the places, north at the top: West side, Market Street, Draycott."]


def test_an_order_too_big_for_a_pdf_on_request_is_sent_to_the_html(
    officer_client, order, monkeypatch
):
    monkeypatch.setattr("documents.services.PDF_MAX_PROVISIONS", 0)
    built: list[object] = []
    # Refused before the document is built: for thousands of provisions that alone is slow.
    monkeypatch.setattr("documents.services.document_context", lambda *a, **k: built.append(a))

    response = officer_client.get(reverse("documents:pdf", args=[order.pk, "schedule"]))
    assert built == []

    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    page = officer_client.get(response["Location"]).content.decode()
    assert "This order has 1 provisions: PDFs are made for orders of up to 0." in page
