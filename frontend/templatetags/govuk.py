"""Template helpers for GOV.UK Frontend markup."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

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
    attrs = {"class": f"{css} {existing}".strip()}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
