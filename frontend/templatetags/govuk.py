"""Template helpers for GOV.UK Frontend markup."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from frontend.dates import PARTS, error_parts

register = template.Library()

_WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the GOV.UK class, error state and described-by ids."""
    widget_type = field.widget_type
    css = _WIDGET_CLASSES.get(widget_type, "govuk-input")
    if field.errors:
        css += f" {css}--error"
    existing = field.field.widget.attrs.get("class", "")
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": f"{css} {existing}".strip()}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        context[self.name] = mark_safe(self.nodelist.render(context))  # noqa: S308 (rendered template)
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """`{% capture as name %}...{% endcapture %}` renders its content into `name`.

    base.html renders the error summary block this way before the <title>, so the title
    can say "Error: " on every page that shows an error summary.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def govuk_date_parts(field: BoundField) -> list[dict[str, object]]:
    """The day, month and year boxes of a bound GovukDateField, for govuk/date_input.html."""

    value = field.value()
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    wrong = error_parts(field)
    autocomplete = field.field.widget.attrs.get("autocomplete")
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "name": f"{field.html_name}_{part}",
            "id": f"{field.auto_id}_{part}",
            "value": "" if part_value is None else str(part_value).strip(),
            "width": 4 if part == "year" else 2,
            "error": part in wrong,
            # e.g. autocomplete="bday" gives bday-day, bday-month and bday-year.
            "autocomplete": f"{autocomplete}-{part}" if autocomplete else "",
        }
        for part, part_value in zip(PARTS, value, strict=True)
    ]
