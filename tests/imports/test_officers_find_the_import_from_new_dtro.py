"""The page where officers start a new D-TRO points to the bulk import."""

from __future__ import annotations


def test_the_new_dtro_page_links_the_import(officer_client):
    page = officer_client.get("/dtros/new/").content.decode()
    assert 'href="/imports/"' in page
    assert "Import a back catalogue" in officer_client.get("/imports/").content.decode()
