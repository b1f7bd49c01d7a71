"""Which address the lockout and the sign-in audit use (frontend.client_address)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from frontend.client_address import client_ip


def request(remote: str = "10.0.0.2", forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="203.0.113.5")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, " 203.0.113.5 ,10.0.0.1 ", "203.0.113.5"),
        (2, "10.0.0.1", "10.0.0.1"),  # fewer entries than proxies: only our nearest proxy's
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_n_proxies_the_client_is_n_entries_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(forwarded=forwarded)) == expected


def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request()) == "10.0.0.2"
    assert client_ip(request(forwarded="not-an-address")) == "10.0.0.2"
    assert client_ip(None) is None
