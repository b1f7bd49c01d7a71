"""A TRA's optional logo: PNG or JPEG only (by content, not name), at most 200 KB, served by
dtro_app.membership.views with its real type and nosniff, and shown in the header (alt = TRA
name)."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100 + b"\xff\xd9"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path


def _set_logo(authority: object, name: str, content: bytes) -> None:
    authority.logo = SimpleUploadedFile(name, content)
    authority.full_clean()
    authority.save()


@pytest.mark.parametrize("name, content", [("logo.png", png_bytes()), ("logo.jpg", JPEG)])
def test_png_and_jpeg_are_accepted(tra: object, name: str, content: bytes) -> None:
    _set_logo(tra, name, content)
    tra.refresh_from_db()
    assert tra.logo.name.startswith(f"tra-logos/{tra.code}-")
    assert tra.logo.name.endswith((".png", ".jpg"))


@pytest.mark.parametrize(
    "name, content",
    [
        ("logo.svg", SVG),
        ("logo.png", SVG),  # an SVG named as a PNG
        ("logo.gif", b"GIF89a" + b"\x00" * 50),
        ("logo.png", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_anything_else_is_refused(tra: object, name: str, content: bytes) -> None:
    tra.logo = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        tra.full_clean()


def test_a_logo_over_200_kb_is_refused(tra: object) -> None:
    tra.logo = SimpleUploadedFile("big.png", png_bytes() + b"\x00" * (200 * 1024))
    with pytest.raises(ValidationError, match="200 KB"):
        tra.full_clean()


def test_the_logo_is_served_as_its_type_with_nosniff(officer_client: object, tra: object) -> None:
    _set_logo(tra, "logo.png", png_bytes())
    response = officer_client.get(f"/tra-logo/{tra.code}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == png_bytes()


def test_the_header_shows_the_logo_with_the_tras_name(officer_client: object, tra: object) -> None:
    _set_logo(tra, "logo.jpg", JPEG)
    html = officer_client.get("/").content.decode()
    assert f'alt="{tra.name}"' in html
    assert f'src="/tra-logo/{tra.code}/?v=' in html


def test_without_a_logo_the_header_names_the_tra(officer_client: object, tra: object) -> None:
    html = officer_client.get("/").content.decode()
    assert tra.name in html
    assert "/tra-logo/" not in html
    assert officer_client.get(f"/tra-logo/{tra.code}/").status_code == 404


def test_another_tras_logo_is_not_served(officer_client: object, other_tra: object) -> None:
    _set_logo(other_tra, "logo.png", png_bytes())
    assert officer_client.get(f"/tra-logo/{other_tra.code}/").status_code == 404


def test_signed_out_visitors_get_no_logo(client: object, tra: object) -> None:
    _set_logo(tra, "logo.png", png_bytes())
    response = client.get(f"/tra-logo/{tra.code}/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_supervisor_can_upload_the_logo_in_the_admin(supervisor_client, tra) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    page = supervisor_client.get(reverse("admin:dtro_app_trafficauthority_change", args=[tra.pk]))
    assert page.status_code == 200
    assert 'type="file" name="logo"' in page.content.decode()
