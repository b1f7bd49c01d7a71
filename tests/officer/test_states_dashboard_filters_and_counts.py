"""The dashboard counts and filters revoked, partly revoked and expired orders as states of
their own, each with its own tag; "All" still leaves out only deleted ones."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from factories import draft_dtro

from dtro_app.models import Dtro, DtroStatus
from dtro_app.orders import selectors

pytestmark = pytest.mark.django_db

NEW_STATES = {
    DtroStatus.PARTLY_REVOKED: ("Partly revoked", "govuk-tag--pink"),
    DtroStatus.REVOKED: ("Revoked", "govuk-tag--purple"),
    DtroStatus.EXPIRED: ("Expired", "govuk-tag--teal"),
}


@pytest.fixture
def one_of_each(tra, officer) -> dict[str, Dtro]:
    """An order in each new state, and one published (the dashboard reads the stored state,
    which models.status decides: see the revocation and expiry tests for how it gets there)."""
    orders = {}
    for state in [*NEW_STATES, DtroStatus.PUBLISHED]:
        dtro = draft_dtro(tra, officer)
        Dtro.objects.filter(pk=dtro.pk).update(status=state)
        orders[state] = dtro
    return orders


def test_each_new_state_is_counted_and_in_the_live_total(officer, one_of_each):
    counts, total, _ = selectors.state_counts(selectors.dtros_for(officer))

    by_state = {count.value: (count.label, count.count) for count in counts}
    for state, (label, _tag) in NEW_STATES.items():
        assert by_state[state] == (label, 1)
    assert by_state[DtroStatus.PUBLISHED] == ("Published", 1)
    assert total == 4


def test_each_new_state_filters_the_list_to_its_orders(officer_client, one_of_each):
    url = reverse("dtro_app:dashboard")
    html = officer_client.get(url).content.decode()

    for state, (label, tag) in NEW_STATES.items():
        link = re.search(rf'href="\?status={state}"[^>]*>\s*<span[^>]*>1</span> {label}\s*<', html)
        assert link is not None, state
        response = officer_client.get(url, {"status": state})
        assert list(response.context["board"].page.object_list) == [one_of_each[state]]
        assert f'<strong class="govuk-tag {tag}">{label}</strong>' in response.content.decode()


def test_published_no_longer_lists_revoked_or_expired_orders(officer_client, one_of_each):
    response = officer_client.get(reverse("dtro_app:dashboard"), {"status": "published"})

    assert list(response.context["board"].page.object_list) == [one_of_each["published"]]
