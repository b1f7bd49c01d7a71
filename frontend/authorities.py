"""The model of the TRAs whose names and logos the page furniture shows.

frontend sits below the apps (see .importlinter), so it never imports dtro_app: it asks
Django's app registry for the model by name, as Django does for AUTH_USER_MODEL. The model's
manager must offer `for_user(user)` and `supervised_by(user)`.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

AUTHORITY_MODEL = "dtro_app.TrafficAuthority"


def authority_model() -> Any:  # the model class; its custom manager methods are untyped here
    return apps.get_model(AUTHORITY_MODEL)
