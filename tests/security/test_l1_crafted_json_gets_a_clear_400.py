"""L1: crafted JSON gets a plain message on every path (editor, upload, live validation, CLI),
never a 500 or a traceback."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

HEAD = '{"schemaVersion": "4.0.0", "data": {"source": {"troName": '
TAIL = "}}}"

# Each kind of crafted JSON, and words its message must contain.
KINDS: dict[str, tuple[str, str]] = {
    "long_integer": (HEAD + "1" * 5000 + TAIL, "number"),
    "nan": (HEAD + "NaN" + TAIL, "NaN"),
    "infinity": (HEAD + "-Infinity" + TAIL, "Infinity"),
    "huge_float": (HEAD + "1e999" + TAIL, "number"),
    "lone_surrogate": (HEAD + '"\\ud800"' + TAIL, "surrogate"),
    "nested_300": (HEAD + "[" * 300 + "]" * 300 + TAIL, "nests"),
    "nested_100000": (HEAD + "[" * 100_000 + "]" * 100_000 + TAIL, "nests"),
    "millions_of_values": ("[" + "0," * 3_000_000 + "0]", "values"),
}


def _editor(client, tra, text: str) -> tuple[int, str]:
    response = client.post(
        reverse("dtro_app:dtro_create_json"), {"document": text, "authority": tra.code}
    )
    return response.status_code, response.content.decode()


def _upload(client, tra, text: str) -> tuple[int, str]:
    upload = SimpleUploadedFile("crafted.json", text.encode("utf-8", "surrogatepass"))
    response = client.post(
        reverse("dtro_app:dtro_create_upload"), {"file": upload, "authority": tra.code}
    )
    return response.status_code, response.content.decode()


def _live(client, tra, text: str) -> tuple[int, str]:
    response = client.post(
        reverse("dtro_app:validate_json"),
        {"document": text, "authority": tra.code},
        headers={"HX-Request": "true"},
    )
    return response.status_code, response.content.decode()


PATHS: dict[str, Callable[..., tuple[int, str]]] = {
    "editor": _editor,
    "upload": _upload,
    "live_validation": _live,
}


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_crafted_json_gets_a_plain_message_in_the_portal(officer_client, tra, kind, path):
    text, words = KINDS[kind]

    status, html = PATHS[path](officer_client, tra, text)

    assert status in {200, 400}, f"{kind} via {path}: {status}"
    assert words.lower() in html.lower(), f"{kind} via {path}: no message about {words}"
    assert Dtro.objects.count() == 0


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_crafted_json_makes_the_cli_exit_1_with_a_message(tmp_path: Path, kind):
    text, words = KINDS[kind]
    path = tmp_path / "crafted.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    out = io.StringIO()

    with pytest.raises(SystemExit) as exited:
        call_command("validate_dtro", str(path), stdout=out)

    assert exited.value.code == 1
    assert "INVALID" in out.getvalue()
    assert words.lower() in out.getvalue().lower()
