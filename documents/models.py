"""A TRA's own wording of each document. Without one, the default in `defaults/` is used."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from documents.kinds import DocumentKind
from documents.sandbox import TemplateProblem, compile_template
from dtro_app.models import TrafficAuthority
from dtro_app.models.authorities import TraScopedQuerySet


class DocumentTemplate(models.Model):
    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.CASCADE, related_name="document_templates"
    )
    kind = models.CharField(max_length=40, choices=DocumentKind.choices)
    body = models.TextField(
        help_text="A Django template (HTML) filled in from the order: see the placeholders "
        "listed on the portal's template page."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TraScopedQuerySet.as_manager()

    class Meta:
        ordering = ["authority__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "kind"], name="one_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.authority}"

    def clean(self) -> None:
        try:
            compile_template(self.body)
        except TemplateProblem as problem:
            raise ValidationError({"body": str(problem)}) from problem
