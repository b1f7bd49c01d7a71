"""Every stylesheet, script, icon and image a page asks for exists, and so does every
font or image its stylesheets ask for: no 404s in the browser's network panel.

GOV.UK Frontend's precompiled CSS asks for `/assets/...` (fonts, the crest); the portal
neither serves that path nor uses GDS Transport, so the installed CSS must not ask for it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

LOCAL_PREFIXES = ("/static/", "/assets/")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.urls.append(value)


def _local_urls(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return sorted({url for url in parser.urls if urlsplit(url).path.startswith(LOCAL_PREFIXES)})


def _body(response: object) -> bytes:
    # Reading a streamed body to the end closes the response (as a WSGI server would); a
    # second close() would fire request_finished again and close the test's DB connection.
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _fetch(client: object, url: str) -> tuple[int, bytes]:
    response = client.get(urlsplit(url).path)
    return response.status_code, _body(response)


def _missing(client: object, page: str) -> tuple[list[str], list[str]]:
    response = client.get(page)
    assert response.status_code == 200, page
    assets = _local_urls(response.content.decode())
    missing, stylesheets = [], []
    for url in assets:
        status, body = _fetch(client, url)
        if status != 200:
            missing.append(f"{url} ({status}) from {page}")
        elif urlsplit(url).path.endswith(".css"):
            stylesheets.append(url)
            for ref in CSS_URL.findall(body.decode("utf-8", "replace")):
                if ref.startswith(("data:", "#")):
                    continue
                target = urljoin(url, ref)
                code, _ = _fetch(client, target)
                if code != 200:
                    missing.append(f"{target} ({code}) from {url}")
    return missing, stylesheets


@pytest.mark.django_db
def test_sign_in_page_requests_nothing_missing(client: object) -> None:
    missing, stylesheets = _missing(client, "/accounts/login/")
    assert any("govuk-frontend" in url for url in stylesheets)
    assert missing == []


def test_signed_in_pages_request_nothing_missing(officer_client: object) -> None:
    missing, stylesheets = _missing(officer_client, "/")
    assert any("govuk-frontend" in url for url in stylesheets)
    assert missing == []


@pytest.mark.django_db
def test_pages_have_an_icon_of_our_own(client: object) -> None:
    html = client.get("/accounts/login/").content.decode()
    icons = re.findall(r'<link rel="icon"[^>]*href="([^"]+)"', html)
    assert icons, "no favicon"
    assert all("govuk-frontend" not in icon for icon in icons)


def test_the_admin_requests_nothing_missing(supervisor_client: object) -> None:
    missing, _ = _missing(supervisor_client, "/admin/")
    assert missing == []
    html = supervisor_client.get("/admin/").content.decode()
    assert "images/favicon.svg" in html
