"""The only tags and filters a TRA's document template may use: Django's own, less those that
reach beyond the context (`load`, `include`, `extends`, `url`, `debug`, `csrf_token`), turn
escaping off (`autoescape`, `safe`, `safeseq`) or make output of any size (`lorem`)."""

from __future__ import annotations

from django import template
from django.template import defaultfilters, defaulttags

register = template.Library()

ALLOWED_TAGS = (
    "comment",
    "cycle",
    "filter",
    "firstof",
    "for",
    "if",
    "ifchanged",
    "now",
    "regroup",
    "resetcycle",
    "spaceless",
    "templatetag",
    "verbatim",
    "widthratio",
    "with",
)
REFUSED_FILTERS = frozenset({"safe", "safeseq", "pprint"})

for name in ALLOWED_TAGS:
    register.tags[name] = defaulttags.register.tags[name]
for name, function in defaultfilters.register.filters.items():
    if name not in REFUSED_FILTERS:
        register.filters[name] = function
