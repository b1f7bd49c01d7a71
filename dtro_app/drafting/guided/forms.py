"""The guided form's Django forms: how to start, the order, and (from `provision_form`) its
provisions; whether the answers can be saved as a draft, and the order they make."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from dtro_app.drafting.guided.builder import GuidedOrder
from dtro_app.drafting.guided.form_base import (
    DATE_FORMATS,
    DATETIME_FORMATS,
    OLDEST_GUIDED_VERSION,
    AuthorityChoiceMixin,
    QuietUntilSaved,
    default_version,
    version_choices,
)
from dtro_app.drafting.guided.provision_form import (
    BaseProvisionFormSet,
    ProvisionForm,
    ProvisionFormSet,
    kept_forms,
)
from dtro_validation.registry import version_key
from frontend.dates import GovukDateField

__all__ = [
    "DATETIME_FORMATS",
    "DATE_FORMATS",
    "OLDEST_GUIDED_VERSION",
    "AuthorityChoiceMixin",
    "BaseProvisionFormSet",
    "OrderForm",
    "ProvisionForm",
    "ProvisionFormSet",
    "QuietUntilSaved",
    "StartForm",
    "can_be_saved",
    "default_version",
    "initial_from_prefill",
    "to_order",
    "version_choices",
]


class StartForm(AuthorityChoiceMixin):
    """How the officer will make the D-TRO, and for which data-spec version."""

    method = forms.ChoiceField(
        label="How do you want to create the D-TRO?",
        widget=forms.RadioSelect,
        choices=[
            ("form", "Answer questions (guided form, for common permanent and temporary orders)"),
            ("json", "Write or paste JSON in the editor"),
            ("upload", "Upload a .json or .json.gz file"),
        ],
        initial="form",
        error_messages={
            "required": "Select how you want to create the D-TRO",
            "invalid_choice": "Select how you want to create the D-TRO",
        },
    )
    schema_version = forms.ChoiceField(
        label="Data specification version",
        help_text="Use the newest unless your software produces an older one. The guided form "
        "supports 3.5.1 and later.",
        error_messages={
            "required": "Select the data specification version",
            "invalid_choice": "Select a data specification version from the list",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("schema_version").choices = version_choices()
        self.fields["schema_version"].initial = default_version()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        version = cleaned.get("schema_version")
        if (
            cleaned.get("method") == "form"
            and version
            and version_key(version) < OLDEST_GUIDED_VERSION
        ):
            self.add_error(
                "schema_version",
                "The guided form supports version 3.5.1 and later. Choose a newer version or "
                "use the JSON editor.",
            )
        return cleaned


class OrderForm(AuthorityChoiceMixin):
    saveable_problems: ClassVar[dict[str, frozenset[str]]] = {
        "troName": frozenset({"required", "max_length"}),
        "statementDescription": frozenset({"required"}),
        "section": frozenset({"max_length"}),
        "comingIntoForceDate": frozenset({"before_made"}),
    }

    schema_version = forms.ChoiceField(
        label="Data specification version",
        error_messages={
            "required": "Select the data specification version",
            "invalid_choice": "Select a data specification version the guided form supports",
        },
    )
    order_type = forms.ChoiceField(
        label="Type of order",
        widget=forms.RadioSelect,
        choices=[
            ("permanent", "Permanent order (notice of making)"),
            ("temporary", "Temporary order (notice of intention)"),
        ],
        error_messages={
            "required": "Select the type of order",
            "invalid_choice": "Select the type of order",
        },
    )
    troName = forms.CharField(
        label="Order name",
        max_length=500,
        error_messages={
            "required": "Enter the order name",
            "max_length": "The order name must be %(limit_value)d characters or fewer",
        },
    )
    statementDescription = forms.CharField(
        label="Statement of what the order does",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a statement of what the order does"},
    )
    section = forms.CharField(
        label="Section of the order",
        required=False,
        max_length=500,
        help_text="Leave blank for all sections.",
        error_messages={
            "max_length": "The section of the order must be %(limit_value)d characters or fewer"
        },
    )
    madeDate = GovukDateField(
        error_messages={
            "required": "Enter the date the order is made",
            "incomplete": "The date the order is made must include a {missing}",
            "invalid": "The date the order is made must be a real date",
            "year": "The year the order is made must include 4 numbers",
        },
        label="Date the order is made",
        help_text="For example, 27 1 2025",
    )
    comingIntoForceDate = GovukDateField(
        error_messages={
            "required": "Enter the date the order comes into force",
            "incomplete": "The date the order comes into force must include a {missing}",
            "invalid": "The date the order comes into force must be a real date",
            "year": "The year the order comes into force must include 4 numbers",
        },
        label="Date the order comes into force",
        help_text="For example, 3 2 2025",
    )
    reference = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("schema_version").choices = version_choices(guided_only=True)
        self.fields["schema_version"].initial = default_version()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        made, in_force = cleaned.get("madeDate"), cleaned.get("comingIntoForceDate")
        if made and in_force and in_force < made:
            # The document can still say so; the validator repeats it when the draft opens.
            self.kept["comingIntoForceDate"] = in_force
            self.add_error(
                "comingIntoForceDate",
                forms.ValidationError(
                    "The date the order comes into force must be the same as or after the "
                    "date it is made",
                    code="before_made",
                ),
            )
        return cleaned


def can_be_saved(order_form: OrderForm, formset: BaseProvisionFormSet) -> bool:
    """Whether the answers make a document, perhaps with problems the draft keeps; False when
    an answer the document cannot do without is missing or unreadable."""
    order_form.is_valid()
    if not formset.is_valid() and (
        not formset.management_form.is_valid() or formset.non_form_errors()
    ):
        return False
    provisions = kept_forms(formset)
    return (
        order_form.can_be_saved()
        and bool(provisions)
        and all(form.can_be_saved() for form in provisions)
    )


def to_order(order_form: OrderForm, formset: BaseProvisionFormSet) -> GuidedOrder:
    data = order_form.answers()
    provisions = [form.to_provision() for form in kept_forms(formset)]
    return GuidedOrder(
        order_type=data["order_type"],
        tro_name=data["troName"],
        statement_description=data["statementDescription"],
        section=data.get("section") or "",
        made_date=data["madeDate"],
        coming_into_force_date=data["comingIntoForceDate"],
        provisions=provisions,
        reference=data.get("reference") or "",
    )


def initial_from_prefill(
    order: dict[str, Any], provisions: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Form initials from `prefill_from_document`'s answers."""
    provision_initial = []
    for p in provisions:
        p = dict(p)
        p["geometry_input"] = "wkt"
        for key in ("start", "end"):
            if p.get(key):
                p[key] = p[key].strftime("%d/%m/%Y %H:%M")
        provision_initial.append(p)
    order = dict(order)
    for key in ("madeDate", "comingIntoForceDate"):
        if order.get(key):
            order[key] = order[key].strftime("%d/%m/%Y")
    return order, provision_initial
