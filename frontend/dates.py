"""The GOV.UK date input: a date typed as day, month and year in three boxes.

`GovukDateField` cleans to a `datetime.date` (or None), so a form that used a DateField
reads the same value. Partial or impossible dates get plain-English messages, and the
message says which box is wrong so only that box is marked in red:

- nothing entered: the field's `required` message;
- a part missing: "The date must include a month" (or "a day and year", ...);
- letters, a month 13, 31 February: "Enter a real date";
- a 2-digit year: "The year must include 4 numbers".

Month names are accepted too ("jan", "January"). A single value posted under the field's
own name ("2025-01-27", "27/01/2025"), as a form with one box sent, is still understood.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
}
_MONTHS["sept"] = 9
_ONE_BOX_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y")


def _one_box(value: str) -> list[str] | None:
    """[day, month, year] from a date typed in one box, if it is in a format we know."""
    for pattern in _ONE_BOX_FORMATS:
        try:
            parsed = datetime.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
        return [str(parsed.day), str(parsed.month), str(parsed.year)]
    return None


class GovukDateInput(forms.MultiWidget):
    """Three text boxes named `<name>_day`, `<name>_month` and `<name>_year`."""

    template_name = "govuk/date_input_boxes.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-2"}),
            "month": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-2"}),
            "year": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            return _one_box(value) or [None, None, None]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [data.get(f"{name}_{part}") for part in PARTS]
        if all(part is None for part in parts) and data.get(name) is not None:
            single = data.get(name)
            return _one_box(single) or single
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and all(f"{name}_{part}" not in data for part in PARTS)

    def id_for_label(self, id_: str) -> str:
        # The error summary links to the day box, the first one (as GOV.UK asks).
        return f"{id_}_day" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        if isinstance(value, str):  # a one-box value we could not read: show it in no box
            value = [None, None, None]
        context = super().get_context(name, value, attrs)
        for subwidget, part in zip(context["widget"]["subwidgets"], PARTS, strict=True):
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
        return context


def _missing_words(missing: list[str]) -> str:
    return " and ".join(missing)


class GovukDateField(forms.Field):
    """A date from a GOV.UK date input; `clean()` returns a `datetime.date` or None."""

    widget = GovukDateInput
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "The date must include a {missing}",
        "invalid": "Enter a real date",
        "year": "The year must include 4 numbers",
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value in self.empty_values:
            return None
        if isinstance(value, str):  # one box, and not in a format we know
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"parts": PARTS}
            )
        texts = [str(part or "").strip() for part in value]
        if not any(texts):
            return None
        missing = [part for part, text in zip(PARTS, texts, strict=True) if not text]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"].format(missing=_missing_words(missing)),
                code="incomplete",
                params={"parts": tuple(missing)},
            )
        day_text, month_text, year_text = texts
        month_text = str(_MONTHS.get(month_text.lower(), month_text))
        wrong = [
            part
            for part, text in zip(PARTS, (day_text, month_text, year_text), strict=True)
            if not re.fullmatch(r"\d{1,4}", text)
        ]
        if wrong:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"parts": tuple(wrong)}
            )
        if len(year_text) != 4:
            raise ValidationError(
                self.error_messages["year"], code="year", params={"parts": ("year",)}
            )
        day, month, year = int(day_text), int(month_text), int(year_text)
        if not 1 <= month <= 12:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"parts": ("month",)}
            )
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"parts": ("day",)}
            ) from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(
                self.error_messages["required"], code="required", params={"parts": PARTS}
            )

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        initial_value = initial
        if not isinstance(initial, datetime.date | type(None)):
            try:
                initial_value = self.to_python(GovukDateInput().decompress(initial))
            except ValidationError:
                return True
        return initial_value != data


def error_parts(field: Any) -> set[str]:
    """The boxes of a bound date field to mark as wrong: those its errors name, else all."""
    if not field.errors:
        return set()
    parts: set[str] = set()
    for error in field.errors.as_data():
        named = (error.params or {}).get("parts") if isinstance(error.params, dict) else None
        parts.update(named or PARTS)
    return parts
