from __future__ import annotations

import csv
import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from sandbox_helpers import Api

pytestmark = pytest.mark.django_db


def download(api: Api, url: str) -> object:
    parts = urlsplit(url)
    return api.client.get(f"{parts.path}?{parts.query}")


def csv_rows(response: object) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def test_all_returns_a_signed_url_to_a_csv_of_live_records(publisher: Api, document: dict) -> None:
    kept = publisher.create(document)
    response = publisher.get("dtros/all")
    assert response.status_code == 200
    url = response.json()
    assert isinstance(url, str) and url.startswith("http")
    rows = csv_rows(download(publisher, url))
    assert [r["id"] for r in rows] == [kept]
    assert rows[0]["schemaVersion"] == document["schemaVersion"]


def test_a_deleted_record_is_not_in_the_csv(publisher: Api, document: dict) -> None:
    dtro_id = publisher.create(document)
    publisher.delete(f"dtros/{dtro_id}")
    rows = csv_rows(download(publisher, publisher.get("dtros/all").json()))
    assert rows == []


def test_a_tampered_signature_is_refused(publisher: Api) -> None:
    url = publisher.get("dtros/all").json()
    response = download(publisher, url[:-2] + "xx")
    assert response.status_code == 403  # type: ignore[attr-defined]


def test_the_url_expires_after_sixty_minutes(publisher: Api) -> None:
    with time_machine.travel("2026-06-01 09:00:00+00:00", tick=False) as traveller:
        url = publisher.get("dtros/all").json()
        traveller.shift(timedelta(minutes=59))
        assert download(publisher, url).status_code == 200  # type: ignore[attr-defined]
        traveller.shift(timedelta(minutes=2))
        assert download(publisher, url).status_code == 403  # type: ignore[attr-defined]
