"""A supervisor chooses, on their Email settings page, to hear of orders awaiting approval at
once or in a daily digest; admins can change it for the supervisors of their TRAs."""

from __future__ import annotations

import pytest
from auth_helpers import make_superuser
from django.urls import reverse

from accounts.models import EmailPreference
from dtro_app.notifications.preferences import ApprovalEmails

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:email_settings")


def test_a_supervisor_reaches_the_page_from_the_navigation(supervisor_client):
    page = supervisor_client.get(reverse("dtro_app:dashboard")).content.decode()
    assert f'href="{PAGE}"' in page


def test_emails_come_at_once_until_the_supervisor_chooses_otherwise(supervisor_client):
    page = supervisor_client.get(PAGE).content.decode()
    assert 'type="radio" value="at_once" checked' in page
    assert 'value="daily_digest"' in page
    assert "The daily email comes at 7am in winter, 8am in summer" in page


def test_a_supervisor_chooses_the_daily_digest(supervisor_client, supervisor):
    response = supervisor_client.post(PAGE, {"approval_emails": "daily_digest"}, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    page = response.content.decode()
    assert "Emails about orders awaiting your approval: once a day." in page
    assert 'type="radio" value="daily_digest" checked' in page
    preference = EmailPreference.objects.get(user=supervisor)
    assert preference.approval_emails == ApprovalEmails.DAILY_DIGEST


def test_a_choice_that_is_not_offered_is_refused(supervisor_client, supervisor):
    response = supervisor_client.post(PAGE, {"approval_emails": "hourly"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not EmailPreference.objects.filter(user=supervisor).exists()


def test_an_officer_has_no_approval_emails_to_choose(officer_client, officer):
    page = officer_client.get(PAGE).content.decode()
    assert "when an order you sent for approval is published" in page
    assert "daily_digest" not in page
    officer_client.post(PAGE, {"approval_emails": "daily_digest"})
    assert not EmailPreference.objects.exists()


def test_the_page_needs_a_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_admin_changes_a_supervisors_choice(client, supervisor):
    client.force_login(make_superuser())
    response = client.post(
        reverse("admin:accounts_emailpreference_add"),
        {"user": supervisor.pk, "approval_emails": "daily_digest"},
    )
    assert response.status_code == 302
    assert EmailPreference.objects.get(user=supervisor).approval_emails == "daily_digest"


def test_a_supervisor_in_the_admin_sees_only_their_tras_supervisors(
    supervisor_client, second_supervisor, other_supervisor
):
    EmailPreference.objects.create(user=second_supervisor, approval_emails="daily_digest")
    EmailPreference.objects.create(user=other_supervisor, approval_emails="daily_digest")
    listing = supervisor_client.get(reverse("admin:accounts_emailpreference_changelist"))
    assert "second.supervisor@demo.example" in listing.content.decode()
    assert "supervisor@second.example" not in listing.content.decode()
    form = supervisor_client.get(reverse("admin:accounts_emailpreference_add")).content.decode()
    assert "second.supervisor@demo.example" in form
    assert "supervisor@second.example" not in form
    other = EmailPreference.objects.get(user=other_supervisor)
    response = supervisor_client.get(
        reverse("admin:accounts_emailpreference_change", args=[other.pk])
    )
    assert response.status_code in (302, 404)
