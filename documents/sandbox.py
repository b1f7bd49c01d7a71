"""Rendering a TRA's document template safely.

A supervisor writes the template, so it is treated as untrusted: its own template engine
(no loaders, no custom tags, autoescape on; see `template_library`), a context of plain
data only (strings, numbers, lists and dicts: nothing leads to a model, a setting or the
request), and the output kept to safe markup by Ammonia (no scripts, styles, forms or
event handlers; images only as data: URLs).
"""

from __future__ import annotations

from typing import Any

import nh3
from django.template import Context, Engine, Template, TemplateSyntaxError

# Bytes of HTML one document may come to (a 10 MB order's schedule is about 4 MB).
MAX_OUTPUT = 20_000_000

ALLOWED_TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "address"),
    *("ul", "ol", "li", "dl", "dt", "dd", "div", "span", "section", "header", "footer"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
    *("strong", "em", "b", "i", "small", "abbr", "time", "figure", "figcaption", "img", "a"),
}
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "title"},
    "th": {"scope", "colspan", "rowspan", "id"},
    "td": {"colspan", "rowspan", "headers"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "a": {"href"},
    "ol": {"start"},
}


class TemplateProblem(Exception):
    """A template that cannot be used, with a sentence saying why."""


class _SandboxEngine(Engine):
    # Django adds its default tag libraries to every engine; this one gets only ours.
    default_builtins: list[str] = []


ENGINE = _SandboxEngine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    builtins=["documents.template_library"],
    autoescape=True,
    debug=False,
    string_if_invalid="",
)


def compile_template(body: str) -> Template:
    try:
        return ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        # Django's hint about registering tags points a supervisor nowhere useful.
        reason = str(exc).replace(" Did you forget to register or load this tag?", "")
        raise TemplateProblem(
            f"The template cannot be used: {reason} Document templates allow only the "
            "placeholders, tags and filters listed with them."
        ) from exc


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    # Images only from data: URLs, so neither a browser nor the PDF renderer fetches anything;
    # links never to data: URLs.
    if element == "img" and attribute == "src" and not value.startswith("data:image/"):
        return None
    if element == "a" and attribute == "href" and value.lower().startswith("data:"):
        return None
    return value


def clean_markup(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "mailto", "data"},
        attribute_filter=_keep_attribute,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def render_template(body: str, context: dict[str, Any]) -> str:
    """The template filled in from `context` (plain data), as safe HTML."""
    template = compile_template(body)
    try:
        html = template.render(Context(context, autoescape=True))
    except Exception as exc:  # a filter failing on odd data: say so, never a 500
        raise TemplateProblem(
            f"The template could not be filled in ({type(exc).__name__})."
        ) from exc
    if len(html) > MAX_OUTPUT:
        raise TemplateProblem("The template makes a document too large to show.")
    return clean_markup(html)
