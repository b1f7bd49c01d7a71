"""GOV.UK pagination links for any paged list (our own querysets or the service's pages)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def govuk_pagination(
    request: HttpRequest, page: int, pages: int, *, fragment: str = ""
) -> dict[str, Any] | None:
    """Previous/next and page numbers (first, last and around the current) with ellipses,
    keeping the rest of the query string (and going to `#fragment`, when given, for a list
    further down its page). None when there is only one page."""
    if pages <= 1:
        return None

    def href(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"?{query.urlencode()}" + (f"#{fragment}" if fragment else "")

    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    items: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page})
        previous = number
    return {
        "previous": href(page - 1) if page > 1 else None,
        "next": href(page + 1) if page < pages else None,
        "items": items,
    }
