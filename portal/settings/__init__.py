"""Settings for dtro-portal, read from the environment (DJANGO_SETTINGS_MODULE=portal.settings).

`base` is the portal as a Django site; `services` the D-TRO service, its sandbox, Street
Manager and delivery to them. Every variable is listed in the README, with its default here.
"""

from __future__ import annotations

from portal.settings.base import *  # noqa: F403
from portal.settings.services import *  # noqa: F403
