"""A template is written by a supervisor, so it is treated as hostile: it cannot reach the
settings, the database, other templates or files on the server, cannot run script in the
HTML, and cannot make the PDF renderer read a file or an address."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from documents.kinds import DocumentKind
from documents.models import DocumentTemplate
from documents.pdf import html_to_pdf
from documents.sandbox import TemplateProblem, render_template
from documents.services import make_document

pytestmark = pytest.mark.django_db

# Tags and filters that would reach beyond the context; each is refused when saved.
REFUSED = [
    "{% debug %}",
    "{% load static %}{% get_static_prefix %}",
    '{% include "documents/document.html" %}',
    '{% extends "base.html" %}',
    '{% url "admin:index" %}',
    "{% csrf_token %}",
    "{{ order.name|safe }}",
    "{% autoescape off %}{{ order.name }}{% endautoescape %}",
    "{% lorem 100000 w %}",
    "{{ order.__class__ }}",
    "{{ provisions.0.__init__.__globals__ }}",
]
# Lookups that would reach settings or models through the context; each gives nothing.
LOOKUPS = [
    "{{ settings.SECRET_KEY }}",
    "{{ request.user.password }}",
    "{{ authority.objects }}",
    "{% for key, value in order.items %}{{ key }}{% endfor %}",
    "{{ view.request }}",
]


@pytest.mark.parametrize("body", REFUSED)
def test_tags_that_reach_beyond_the_context_are_refused(supervisor_client, tra, body):
    response = supervisor_client.post(
        reverse("documents:template_edit", args=[tra.code, "schedule"]),
        {"body": body, "action": "save"},
    )

    assert "There is a problem" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    with pytest.raises(ValidationError):
        DocumentTemplate(authority=tra, kind="schedule", body=body).full_clean()


@pytest.mark.parametrize("body", LOOKUPS)
def test_lookups_through_the_context_find_no_secret(order, body):
    html = make_document(order, DocumentKind.SCHEDULE, body=body).page

    assert settings.SECRET_KEY not in html
    assert settings.FIELD_ENCRYPTION_KEY not in html
    assert "<class" not in html
    assert "pbkdf2" not in html


def test_the_context_is_plain_data_only(order):
    from documents.context import document_context

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(item) for item in value)
        return (
            value is None
            or type(value) in (str, int, bool)
            or type(value).__name__ in ("SafeString",)
        )

    assert plain(document_context(order, DocumentKind.SCHEDULE))


def test_script_styles_forms_and_handlers_are_removed_from_the_html(order):
    body = (
        '<h1 onclick="steal()">T</h1><script>alert(1)</script><style>h1{}</style>'
        '<form action="https://evil.example/"><input name="x"></form>'
        '<a href="javascript:alert(1)">j</a><a href="data:text/html,x">d</a>'
        '<img src="https://evil.example/pixel.png" alt="p"><iframe src="/admin/"></iframe>'
        '<link rel="attachment" href="file:///etc/passwd">'
    )

    html = render_template(body, {})

    for fragment in (
        "onclick",
        "<script",
        "<style",
        "<form",
        "<input",
        "javascript:",
        "data:text",
        "evil.example",
        "<iframe",
        "<link",
        "/etc/passwd",
    ):
        assert fragment not in html, fragment


def test_the_pdf_renderer_reads_no_file_and_no_address(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"TOP-SECRET")
    # Straight to the renderer, past the sanitiser: the renderer alone must refuse.
    pdf = html_to_pdf(
        '<html lang="en"><head><title>t</title>'
        f'<link rel="attachment" href="file://{secret}">'
        f'<link rel="stylesheet" href="file://{tmp_path}/x.css"></head>'
        f'<body><p>Hello</p><img src="file://{secret}" alt="s">'
        '<img src="http://127.0.0.1:9/pixel.png" alt="n"></body></html>'
    )

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert b"TOP-SECRET" not in pdf
    assert "Hello" in reader.pages[0].extract_text()


def test_a_template_that_fails_while_filling_in_is_a_plain_problem():
    with pytest.raises(TemplateProblem, match="could not be filled in"):
        render_template("{% for a, b in roads %}{{ a }}{% endfor %}", {"roads": ["abc"]})
