"""The Celery app. Its configuration lives in settings under the CELERY_ prefix."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_postrun.connect
def close_old_connections(sender: Any = None, **kwargs: Any) -> None:
    """What Django does after each request: drop connections that are broken or older than
    CONN_MAX_AGE (Celery's fixup now only recycles them every CELERY_DB_REUSE_MAX tasks).
    Not for eager tasks, which run inside the caller's connection and transaction."""
    from django.db import close_old_connections as close

    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close()
