"""Signing in with Django's test client, the way a person does: through the portal's form.

Browser tests sign in through Chromium instead (`tests/browser/browser_helpers.sign_in`);
tests that only need a signed-in user use `client.force_login`.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.conftest import PASSWORD

SUPERUSER_EMAIL = "root@example.com"
SUPERUSER_PASSWORD = "root-password-123"


def sign_in(client: Any, email: str, password: str = PASSWORD) -> Any:
    """Post the portal's sign-in form (allauth's, with lockout and audit) and return the
    response: a redirect on success, the form again on failure."""
    return client.post(reverse("account_login"), {"login": email, "password": password})


def make_superuser(email: str = SUPERUSER_EMAIL, password: str = SUPERUSER_PASSWORD) -> Any:
    """A Django superuser who belongs to no TRA (sees every TRA's rows in the admin)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(email, email, password)
