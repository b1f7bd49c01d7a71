"""Who the supervisors' emails go to: a TRA's active supervisors with an active account and an
address; the delivery failure emails and the approval emails ask the same question."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from dtro_app.models import Membership
from dtro_app.notifications import supervisor_emails
from dtro_app.notifications.approvals import supervisors
from tests.conftest import make_user

SUPERVISOR = "supervisor@demo.example"


@pytest.mark.django_db
def test_only_active_supervisors_of_the_tra_with_an_address_are_emailed(
    tra: Any, other_tra: Any, officer: Any, supervisor: Any, second_supervisor: Any
) -> None:
    left = make_user("left@demo.example", tra, "supervisor")
    Membership.objects.filter(user=left).update(is_active=False)
    locked = make_user("locked@demo.example", tra, "supervisor")
    get_user_model().objects.filter(pk=locked.pk).update(is_active=False)
    nameless = make_user("nameless@demo.example", tra, "supervisor")
    get_user_model().objects.filter(pk=nameless.pk).update(email="")
    make_user("supervisor@second.example", other_tra, "supervisor")

    assert supervisor_emails(tra.pk) == ["second.supervisor@demo.example", SUPERVISOR]
    assert sorted(supervisors([tra.pk]).values_list("email", flat=True)) == [
        "second.supervisor@demo.example",
        SUPERVISOR,
    ]
