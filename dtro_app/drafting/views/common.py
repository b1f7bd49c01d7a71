"""What the drafting views share: the officer's TRAs, oversized posts, the saved message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from dtro_app.drafting.services import (
    may_exist_at_service,
)
from dtro_app.models import Dtro, Revision, RevisionOrigin, TrafficAuthority
from dtro_app.scoping import authority_for_user_or_404, get_for_user_or_404
from dtro_validation.issues import split_by_severity

# --- helpers ------------------------------------------------------------------------


def authorities(request: HttpRequest) -> Any:
    return TrafficAuthority.objects.for_user(request.user).order_by("name")


def chosen_authority(request: HttpRequest, code: Any) -> TrafficAuthority:
    """The TRA the officer picked (404 if not theirs), or their only one."""
    if code not in (None, ""):
        return authority_for_user_or_404(request, code)
    choices = list(authorities(request)[:2])
    if len(choices) != 1:
        return authority_for_user_or_404(request, "")
    return choices[0]


def origin_for(dtro: Dtro | None, default: str) -> str:
    # Changes to an order the service may hold are amendments (sent as updates).
    return RevisionOrigin.AMEND if dtro is not None and may_exist_at_service(dtro) else default


def editable_dtro(request: HttpRequest, pk: int | str) -> Dtro:
    return get_for_user_or_404(Dtro, request, pk=pk)


def session_key(dtro: Dtro | None) -> str:
    return f"drafting:json:{dtro.pk if dtro else 'new'}"


def post_or_too_big(request: HttpRequest) -> QueryDict | None:
    if getattr(request, "_drafting_too_big", False):
        return None
    try:
        return request.POST
    except RequestDataTooBig:
        return None


class SizeCheckedRequest(HttpRequest):
    """A request `too_big_before_csrf` has seen: marked when its body was over the limit."""

    _drafting_too_big: bool


def too_big_before_csrf(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the view answer an oversized post with its own message.

    The CSRF middleware reads the body first, so a post over DATA_UPLOAD_MAX_MEMORY_SIZE
    would end as Django's bare 400. Here the size is checked first (nothing is saved for
    such a post), then the usual CSRF check runs before the view.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: SizeCheckedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - reading it is the check
            except RequestDataTooBig:
                # Django leaves an empty POST behind; the view must know it was too big.
                request._drafting_too_big = True
                return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def first_revision(dtro: Dtro) -> Revision:
    """The revision a D-TRO was created with (`create_dtro` always makes one)."""
    revision = dtro.current_revision
    if revision is None:
        raise RuntimeError(f"{dtro.reference} was created without a revision")
    return revision


def saved_message(request: HttpRequest, dtro: Dtro, revision: Revision) -> None:
    errors, advice = split_by_severity(revision.validation_issues)
    if revision.is_valid:
        note = (
            f", with {len(advice)} piece{'s' if len(advice) != 1 else ''} of advice to read"
            if advice
            else ""
        )
        messages.success(request, f"{dtro.reference} saved as revision {revision.number}{note}.")
    else:
        count = len(errors)
        messages.warning(
            request,
            f"{dtro.reference} saved as revision {revision.number}, with {count} "
            f"problem{'s' if count != 1 else ''} to fix before it can be sent for approval.",
        )


def int_or_none(value: str | None) -> int | None:
    """A posted whole number (such as the revision a page was read from), or None."""
    try:
        return int(value) if value else None
    except ValueError:
        return None
