from __future__ import annotations

import pytest
from django.urls import reverse
from ops_figures import OUR_URL, THEIR_URL

pytestmark = pytest.mark.django_db

PAGE = reverse("dtro_app:delivery_health")


def test_another_tras_supervisor_sees_only_their_own_figures(
    client, seeded_queue, other_supervisor
):
    client.force_login(other_supervisor)
    page = client.get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    health = page.context["health"]
    assert health.pending == 1
    assert health.queue_depth["retry_wait"] == 0
    assert health.queue_depth["failed"] == 0
    assert health.attempts_by_outcome == {
        **dict.fromkeys(health.attempts_by_outcome, 0),
        "rate_limited": 4,
    }
    assert health.rate_limited_calls == 5
    assert [e.base_url for e in health.endpoints] == [THEIR_URL]
    assert OUR_URL not in html
    assert "Demo County Council" not in html
    assert "Paused: not answering" not in html


def test_officers_are_refused(officer_client, seeded_queue):
    assert officer_client.get(PAGE).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_navigation_links_supervisors_to_it(supervisor_client, officer, db):
    assert f'href="{PAGE}"' in supervisor_client.get(reverse("dtro_app:dashboard")).content.decode()
    supervisor_client.force_login(officer)
    assert (
        f'href="{PAGE}"'
        not in supervisor_client.get(reverse("dtro_app:dashboard")).content.decode()
    )
