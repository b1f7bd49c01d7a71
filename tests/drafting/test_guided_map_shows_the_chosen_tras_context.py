"""The guided form's drafting maps show the streets and orders of the TRA the order is for:
the one chosen on the form when the officer has several, else the first of theirs."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def map_options_of(html: str) -> Any:
    found = re.search(
        r'<script id="portal-map-options" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no map options on the page"
    return json.loads(found.group(1))


def test_the_map_follows_the_tra_chosen_on_the_form(officer_client, officer, tra, other_tra):
    from dtro_app.models import Membership

    Membership.objects.create(user=officer, authority=other_tra, role="officer")
    create = reverse("dtro_app:dtro_create_form")

    chosen = officer_client.get(create, {"authority": other_tra.code}).content.decode()
    assert map_options_of(chosen)["ordersUrl"].endswith(f"?tra={other_tra.code}")
    # Nothing chosen yet: the first of the officer's TRAs, by name.
    first = officer_client.get(create).content.decode()
    assert map_options_of(first)["ordersUrl"].endswith(f"?tra={tra.code}")
