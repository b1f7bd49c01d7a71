"""Helpers that make TRA scoping the easy path in views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

from dtro_app.models import TrafficAuthority

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ModelT = TypeVar("ModelT", bound=models.Model)


def get_for_user_or_404(model: type[ModelT], request: HttpRequest, **lookup: Any) -> ModelT:
    """Fetch one object of a TRA-scoped model, or 404 when it is not the user's TRA's.

    A 404 rather than a 403 so that guessing ids reveals nothing about other TRAs.
    """
    queryset = model._default_manager.all()
    if not hasattr(queryset, "for_user"):
        raise TypeError(f"{model.__name__} is not TRA-scoped (its queryset has no for_user)")
    try:
        return queryset.for_user(request.user).get(**lookup)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404(f"No {model._meta.verbose_name} found") from exc


def authority_for_user_or_404(request: HttpRequest, code: int | str) -> TrafficAuthority:
    try:
        return TrafficAuthority.objects.for_user(request.user).get(code=int(code))
    except (TrafficAuthority.DoesNotExist, ValueError) as exc:
        raise Http404("No traffic regulation authority found") from exc


def signed_in_user(request: HttpRequest) -> User:
    """The user acting in a request that only signed-in users reach (the admin, views
    behind login_required); anyone else is refused rather than recorded as nobody."""
    user = request.user
    if not isinstance(user, get_user_model()):
        raise PermissionDenied("Sign in first")
    return user
