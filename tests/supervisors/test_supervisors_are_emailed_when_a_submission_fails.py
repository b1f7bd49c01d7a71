from __future__ import annotations

import pytest
from django.core import mail

from dtro_app.notifications import notify_supervisors_of_failure

pytestmark = pytest.mark.django_db


def test_the_tras_supervisors_get_an_email_with_a_link_to_the_queue(
    failed_submission, supervisor, other_supervisor
):
    notify_supervisors_of_failure(failed_submission.pk)
    [email] = mail.outbox
    assert email.to == [supervisor.email]
    assert failed_submission.dtro.reference in email.body
    assert "The D-TRO service answered 503" in email.body
    assert f"/admin/dtro_app/submission/{failed_submission.pk}/change/" in email.body
