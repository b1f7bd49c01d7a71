"""The dashboard: the officer's TRA's D-TROs by state, with counts, filters, search and pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import awaiting_approval, draft_dtro, valid_document

from dtro_app.models import Dtro, DtroStatus
from dtro_app.orders import selectors

pytestmark = pytest.mark.django_db


def test_it_counts_each_state_in_one_query(tra, officer, other_tra, other_officer):
    draft_dtro(tra, officer)
    draft_dtro(tra, officer)
    awaiting_approval(tra, officer)
    draft_dtro(other_tra, other_officer)  # another TRA's: never counted
    with CaptureQueriesContext(connection) as queries:
        counts, total, needs_review = selectors.state_counts(selectors.dtros_for(officer))
    assert len(queries) == 1
    by_state = {c.value: c.count for c in counts}
    assert by_state[DtroStatus.DRAFT] == 2
    assert by_state[DtroStatus.AWAITING_APPROVAL] == 1
    assert total == 3
    assert needs_review == 0


def test_the_page_shows_counts_and_the_officers_dtros_only(
    officer_client, tra, officer, other_tra, other_officer
):
    mine = draft_dtro(tra, officer, valid_document(tra, name_suffix="Mine"))
    theirs = draft_dtro(other_tra, other_officer, valid_document(other_tra, name_suffix="Theirs"))
    response = officer_client.get(reverse("dtro_app:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert mine.reference in html
    assert theirs.reference not in html
    assert "1 D-TRO" in html


def test_it_filters_by_state(officer_client, tra, officer):
    draft = draft_dtro(tra, officer)
    waiting = awaiting_approval(tra, officer).dtro
    response = officer_client.get(reverse("dtro_app:dashboard"), {"status": "awaiting_approval"})
    page = list(response.context["board"].page.object_list)
    assert page == [waiting]
    assert draft not in page


def test_it_finds_a_dtro_by_name_or_by_reference(officer_client, tra, officer):
    market = draft_dtro(tra, officer, valid_document(tra, name_suffix="Market Street zz"))
    other = draft_dtro(tra, officer, valid_document(tra, name_suffix="Town End yy"))
    url = reverse("dtro_app:dashboard")
    by_name = officer_client.get(url, {"q": "market street zz"}).context["board"].page
    assert list(by_name.object_list) == [market]
    by_reference = officer_client.get(url, {"q": other.reference}).context["board"].page
    assert list(by_reference.object_list) == [other]
    by_number = officer_client.get(url, {"q": str(other.pk)}).context["board"].page
    assert other in list(by_number.object_list)


def test_deleted_dtros_are_left_out_unless_asked_for(officer_client, tra, officer):
    gone = draft_dtro(tra, officer)
    Dtro.objects.filter(pk=gone.pk).update(status=DtroStatus.DELETED)
    url = reverse("dtro_app:dashboard")
    assert gone not in officer_client.get(url).context["board"].page.object_list
    assert gone in officer_client.get(url, {"status": "deleted"}).context["board"].page.object_list


def test_it_pages_through_many_dtros(officer_client, tra, officer):
    first = draft_dtro(tra, officer)
    for _ in range(selectors.PAGE_SIZE):
        Dtro.objects.create(authority=tra, created_by=officer, name="Bulk order")
    url = reverse("dtro_app:dashboard")
    page_one = officer_client.get(url).content.decode()
    assert 'class="govuk-pagination"' in page_one and "?page=2" in page_one
    page_two = officer_client.get(url, {"page": 2}).context["board"].page
    assert list(page_two.object_list) == [first]  # the oldest is last


def test_a_stranger_is_sent_to_sign_in(client):
    response = client.get(reverse("dtro_app:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
