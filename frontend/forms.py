from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every Django form and field with GOV.UK Frontend markup."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
