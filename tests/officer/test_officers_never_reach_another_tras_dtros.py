"""Officers never see or change another TRA's D-TROs, whatever URL they guess (404, not 403)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import draft_dtro

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

# Every page that takes a D-TRO id (a renamed route fails here rather than dropping out).
DTRO_PAGES = [
    ("dtro_app:dtro_detail", "get"),
    ("dtro_app:dtro_timeline", "get"),
    ("dtro_app:dtro_delete", "get"),
    ("dtro_app:dtro_send_for_approval", "post"),
    ("dtro_app:dtro_withdraw", "post"),
    ("dtro_app:dtro_delete", "post"),
    ("dtro_app:dtro_clear_review", "post"),
    ("dtro_app:dtro_edit_form", "get"),
    ("dtro_app:dtro_edit_json", "get"),
    ("dtro_app:dtro_revoke", "get"),
    ("dtro_app:dtro_history", "get"),
    ("dtro_app:dtro_history_diff", "get"),
]


def _urls(pk: int) -> list[tuple[str, str]]:
    return [(reverse(name, args=[pk]), method) for name, method in DTRO_PAGES]


def test_every_dtro_url_is_a_404_for_an_officer_of_another_tra(client, tra, officer, other_officer):
    theirs = draft_dtro(tra, officer)
    client.force_login(other_officer)
    for url, method in _urls(theirs.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    theirs.refresh_from_db()
    assert theirs.current_revision.state == "draft"
    assert Dtro.objects.filter(pk=theirs.pk).exists()


def test_the_dashboard_search_never_finds_another_tras_dtro(client, tra, officer, other_officer):
    theirs = draft_dtro(tra, officer)
    client.force_login(other_officer)
    response = client.get(reverse("dtro_app:dashboard"), {"q": theirs.reference})
    assert list(response.context["board"].page.object_list) == []
    assert theirs.get_absolute_url() not in response.content.decode()


def test_the_owning_officer_does_reach_the_same_urls(officer_client, tra, officer):
    mine = draft_dtro(tra, officer)
    for url, method in _urls(mine.pk):
        if method == "get":
            assert officer_client.get(url).status_code in (200, 302), url
