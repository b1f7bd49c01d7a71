"""An order's documents, and the TRAs' templates for them."""

from __future__ import annotations

from django.urls import URLPattern, path

from documents import views

app_name = "documents"

urlpatterns: list[URLPattern] = [
    path("dtros/<int:pk>/<str:kind>.html", views.document_html, name="html"),
    path("dtros/<int:pk>/<str:kind>.pdf", views.document_pdf, name="pdf"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:code>/<str:kind>/", views.template_edit, name="template_edit"),
    path(
        "templates/<int:code>/<str:kind>/preview/",
        views.template_preview,
        name="template_preview",
    ),
    path("templates/<int:code>/<str:kind>/default/", views.template_reset, name="template_reset"),
]
