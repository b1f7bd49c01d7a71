from __future__ import annotations

from typing import Any

from django import forms

from documents.sandbox import TemplateProblem, compile_template
from dtro_app.models import Dtro


class OrderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj}"


class TemplateForm(forms.Form):
    body = forms.CharField(
        label="Template",
        help_text="HTML with placeholders such as {{ order.name }}; the list is below.",
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false"}),
        strip=False,
        max_length=200_000,
    )
    order = OrderChoiceField(
        label="Preview with this order",
        queryset=Dtro.objects.none(),
        required=False,
        empty_label="Choose an order",
    )

    def __init__(self, *args: Any, orders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order_field = self.fields["order"]
        assert isinstance(order_field, OrderChoiceField)
        order_field.queryset = orders

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        try:
            compile_template(body)
        except TemplateProblem as problem:
            raise forms.ValidationError(str(problem)) from problem
        return body
