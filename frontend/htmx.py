"""The request type of views that answer htmx: django-htmx's middleware adds `request.htmx`."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """For type checking only: HtmxMiddleware sets `htmx` on every request it sees."""

    htmx: HtmxDetails
