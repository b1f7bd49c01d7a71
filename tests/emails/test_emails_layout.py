"""Every email has a plain-text part and an HTML part in the TRA's colours and name; the HTML
fetches nothing from elsewhere (the TRA's logo travels inside the email)."""

from __future__ import annotations

import re
import struct
import zlib
from email import message_from_bytes
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from email_helpers import html_of
from factories import awaiting_approval

from dtro_app.notifications.approvals import tell_supervisors

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _announce(tra: Any, officer: Any) -> Any:
    tell_supervisors(awaiting_approval(tra, officer).pk)
    [email] = mail.outbox
    return email


def test_the_html_fetches_nothing_from_elsewhere(tra, officer, supervisor):
    email = _announce(tra, officer)
    html = html_of(email)
    assert not re.search(r"<img[^>]+src=\"(?!cid:)", html)
    assert "<link" not in html and "<script" not in html
    assert "Demo County Council</p>" in html  # the header wears the TRA's name
    assert "<" not in email.body  # the text part is text


def test_the_tras_logo_travels_inside_the_email(tra, officer, supervisor):
    tra.logo = SimpleUploadedFile("logo.png", png_bytes())
    tra.full_clean()
    tra.save()
    email = _announce(tra, officer)
    assert 'src="cid:tra-logo"' in html_of(email)
    assert 'alt="Demo County Council"' in html_of(email)
    parsed = message_from_bytes(email.message().as_bytes())
    assert parsed.get_content_type() == "multipart/related"
    [image] = [part for part in parsed.walk() if part.get_content_maintype() == "image"]
    assert image["Content-ID"] == "<tra-logo>"
    assert image.get_payload(decode=True) == png_bytes()


def test_without_a_logo_there_is_no_image_at_all(tra, officer, supervisor):
    email = _announce(tra, officer)
    assert "<img" not in html_of(email)
    assert email.attachments == []
