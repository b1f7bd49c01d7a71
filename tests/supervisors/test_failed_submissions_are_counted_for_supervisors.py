from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from factories import awaiting_approval

pytestmark = pytest.mark.django_db


def summary_for(user) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load supervision %}{% supervisor_summary %}")
    return template.render(Context({"request": request, "user": user}))


def test_the_admin_index_shows_the_failed_count(supervisor_client, failed_submission):
    page = supervisor_client.get(reverse("admin:index"))
    html = page.content.decode()
    assert "1 failed submission" in html
    assert "D-TRO portal administration" in html


def test_the_admin_index_counts_only_the_supervisors_tras(
    supervisor_client, other_failed_submission
):
    html = supervisor_client.get(reverse("admin:index")).content.decode()
    assert "No failed submissions." in html


def test_the_summary_counts_approvals_and_failures(supervisor, officer, tra, failed_submission):
    awaiting_approval(tra, officer)
    html = summary_for(supervisor)
    assert "1 revision" in html
    assert "1 failed" in html
    assert reverse("dtro_app:approvals") in html


def test_the_summary_is_empty_for_officers(officer, failed_submission):
    assert summary_for(officer).strip() == ""


def test_the_summary_ignores_other_tras(supervisor, other_failed_submission):
    html = summary_for(supervisor)
    assert "1 failed" not in html
    assert "0 revisions" in html
