from __future__ import annotations

import pytest
from django.urls import reverse

from dtro_app.models import Membership, TrafficAuthority

pytestmark = pytest.mark.django_db


def test_an_officer_sees_their_own_tra(officer_client, tra):
    response = officer_client.get(reverse("dtro_app:authority_detail", args=[tra.code]))
    assert response.status_code == 200
    assert tra.name in response.content.decode()


def test_an_officer_gets_404_for_another_tras_page(officer_client, other_tra):
    response = officer_client.get(reverse("dtro_app:authority_detail", args=[other_tra.code]))
    assert response.status_code == 404


def test_a_deactivated_membership_gives_no_access(officer_client, officer, tra):
    Membership.objects.filter(user=officer).update(is_active=False)
    response = officer_client.get(reverse("dtro_app:authority_detail", args=[tra.code]))
    assert response.status_code == 404


def test_the_queryset_helper_returns_only_the_users_tras(officer, other_officer, tra, other_tra):
    assert list(TrafficAuthority.objects.for_user(officer)) == [tra]
    assert list(TrafficAuthority.objects.for_user(other_officer)) == [other_tra]


def test_a_user_may_belong_to_several_tras(officer, tra, other_tra):
    Membership.objects.create(user=officer, authority=other_tra, role="supervisor")
    assert set(TrafficAuthority.objects.for_user(officer)) == {tra, other_tra}
    assert list(TrafficAuthority.objects.for_user(officer, role="supervisor")) == [other_tra]


def scoped_request(user):  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def make_credential(authority):  # type: ignore[no-untyped-def]
    from dtro_app.models import ApiCredential

    credential = ApiCredential(
        authority=authority, environment="sandbox", base_url="http://x/v1", client_id="c"
    )
    credential.set_secret("s")
    credential.save()
    return credential


def test_get_for_user_or_404_returns_the_users_own_tras_object(officer, tra):
    from dtro_app.models import ApiCredential
    from dtro_app.scoping import get_for_user_or_404

    credential = make_credential(tra)
    found = get_for_user_or_404(ApiCredential, scoped_request(officer), pk=credential.pk)
    assert found == credential


def test_get_for_user_or_404_answers_404_for_another_tras_object(officer, other_tra):
    from django.http import Http404

    from dtro_app.models import ApiCredential
    from dtro_app.scoping import get_for_user_or_404

    credential = make_credential(other_tra)
    with pytest.raises(Http404):
        get_for_user_or_404(ApiCredential, scoped_request(officer), pk=credential.pk)
