"""Rendering an email from its templates, sending it, and trying again when it could not be sent.

Each email `name` has three templates in templates/emails: `<name>_subject.txt`, `<name>.txt`
(the plain-text body) and `<name>.html` (which extends `emails/layout.html`). The HTML part
links no outside image: a TRA's logo, when it has one, travels inside the email.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from email.mime.image import MIMEImage
from typing import Any
from zoneinfo import ZoneInfo

from celery import Task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, Engine
from django.template.loader import render_to_string

from dtro_app import enqueue
from dtro_app.models import TrafficAuthority
from frontend.logos import logo_type

logger = logging.getLogger(__name__)

UK_TIME = ZoneInfo("Europe/London")
LOGO_CID = "tra-logo"
# A mail outage is retried for about three hours: waits double from 30 s up to the longest
# countdown the broker is trusted with (a longer one may be delivered twice).
MAX_RETRIES = 20
FIRST_WAIT_SECONDS = 30


def uk_time(moment: datetime) -> str:
    """`moment` as people in the UK read it: "Friday 7 March 2025 at 3:05pm"."""
    local = moment.astimezone(UK_TIME)
    if (local.hour, local.minute) == (0, 0):
        clock = "midnight"
    elif (local.hour, local.minute) == (12, 0):
        clock = "midday"
    else:
        clock = f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    return f"{local:%A} {local.day} {local:%B %Y} at {clock}"


def site_link(path: str) -> str:
    """The portal's public address for `path` (emails are built by workers, not requests)."""
    return settings.PORTAL_SITE_URL.rstrip("/") + path


def person(user: Any) -> str:
    """How an email names a portal user: their full name and address, or the address."""
    if user is None:
        return "A supervisor"
    name = user.get_full_name().strip()
    return f"{name} ({user.email})" if name else user.email


def render(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, HTML) of email `name`."""
    full = {"service_name": settings.SERVICE_NAME, "site_url": settings.PORTAL_SITE_URL, **context}
    subject = " ".join(_plain(f"emails/{name}_subject.txt", full).split())
    text = re.sub(r"\n{3,}", "\n\n", _plain(f"emails/{name}.txt", full)).strip() + "\n"
    html = render_to_string(f"emails/{name}.html", full)
    return subject, text, html


def _plain(template_name: str, context: dict[str, Any]) -> str:
    # Plain text is not HTML: nothing in it is escaped.
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def send(
    name: str, to: str, context: dict[str, Any], *, authority: TrafficAuthority | None = None
) -> None:
    """Render email `name` and send it to one address; raises if the mail server refuses it."""
    logo = _inline_logo(authority)
    subject, text, html = render(
        name, {**context, "authority": authority, "logo_cid": LOGO_CID if logo else ""}
    )
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    if logo is not None:
        message.mixed_subtype = "related"
        message.attach(logo)
    message.send()


def send_to_each(
    name: str,
    recipients: Iterable[Any],
    context_for: Callable[[Any], dict[str, Any]],
    *,
    authority: TrafficAuthority | None = None,
) -> list[int]:
    """Send email `name` to each user on their own; return the ids of those it failed for."""
    return [
        user.pk
        for user in recipients
        if not send_to_user(name, user, context_for(user), authority=authority)
    ]


def send_to_user(
    name: str, user: Any, context: dict[str, Any], *, authority: TrafficAuthority | None = None
) -> bool:
    """Send email `name` to `user`; False (and the error logged) if it could not be sent."""
    try:
        send(name, user.email, context, authority=authority)
    except Exception:
        logger.exception("Could not send the %r email to user %s", name, user.pk)
        return False
    return True


def _inline_logo(authority: TrafficAuthority | None) -> MIMEImage | None:
    """The TRA's logo as a part of the email the HTML shows by Content-ID, or None."""
    if authority is None or not authority.logo:
        return None
    try:
        with authority.logo.open("rb") as file:
            data = file.read()
    except OSError:
        logger.warning("The logo of TRA %s could not be read; emailing without it", authority.pk)
        return None
    kind = logo_type(data[:8])
    if kind is None:
        return None
    image = MIMEImage(data, _subtype=kind[0].split("/")[1])
    image.add_header("Content-ID", f"<{LOGO_CID}>")
    image.add_header("Content-Disposition", "inline", filename=f"logo.{kind[1]}")
    return image


def retry_later(task: Task, *args: Any, what: str) -> None:
    """Run `task` again with `args` after a wait, or, after the last try, log what was lost."""
    tries = task.request.retries
    if tries >= MAX_RETRIES:
        logger.error("Gave up %s after %d tries", what, tries + 1)
        return
    wait = min(FIRST_WAIT_SECONDS * 2**tries, settings.DELIVERY_MAX_COUNTDOWN_SECONDS)
    raise task.retry(args=args, countdown=wait, max_retries=MAX_RETRIES)


def send_after_commit(
    task_name: str, *args: Any, send_now: Callable[..., list[int]], what: str
) -> None:
    """Once the caller's transaction commits, leave the email to a worker (which retries it).

    With the broker down it is sent at once instead; a failure then is logged, never raised,
    so a mail outage cannot break the work that asked for the email.
    """

    def publish() -> None:
        if enqueue.enqueue_quietly(task_name, *args):
            return
        try:
            failed = send_now(*args)
        except Exception:
            logger.exception("Could not send %s; the broker and the mail server failed", what)
            return
        if failed:
            logger.error("Could not send %s to users %s; the broker is down", what, failed)

    transaction.on_commit(publish)
