"""An order's page links each of its documents as HTML and as PDF, and the templates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.kinds import DocumentKind

pytestmark = pytest.mark.django_db


def test_the_orders_page_links_every_document_in_both_forms(officer_client, order):
    page = officer_client.get(reverse("dtro_app:dtro_detail", args=[order.pk])).content.decode()

    for kind in DocumentKind:
        assert reverse("documents:html", args=[order.pk, kind.value]) in page, kind
        assert reverse("documents:pdf", args=[order.pk, kind.value]) in page, kind
    assert reverse("documents:templates") in page
