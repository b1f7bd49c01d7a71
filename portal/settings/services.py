"""Settings for the services the portal talks to: D-TRO (its budget, delivery, the sandbox),
Street Manager, and the probes operators scrape."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from portal.env import (
    env_bool,
    env_float,
    env_int,
    env_list,
    env_names,
    env_networks,
    env_str,
)
from portal.settings.base import CONTENT_SECURITY_POLICY as BASE_CONTENT_SECURITY_POLICY
from portal.settings.base import PORTAL_ENV, PRODUCTION

# --- Limits on documents (dtro_validation.config) -------------------------------------
# Checked on the raw bytes before anything is parsed, so a hostile document is refused in
# well under a second with bounded memory. A 10 MB order of 5,700 provisions has ~293,000
# values and a depth of about 12.
DTRO_VALIDATION_MAX_VALUES = env_int("DTRO_VALIDATION_MAX_VALUES", 600_000)
DTRO_VALIDATION_MAX_DEPTH = env_int("DTRO_VALIDATION_MAX_DEPTH", 64)
DTRO_VALIDATION_MAX_ISSUES = env_int("DTRO_VALIDATION_MAX_ISSUES", 500)
# The JSON editor's live check: its own size limit and checks per officer per minute.
DTRO_LIVE_VALIDATION_MAX_BYTES = env_int("DTRO_LIVE_VALIDATION_MAX_BYTES", 10 * 1024 * 1024)
DTRO_LIVE_VALIDATION_PER_MINUTE = env_int("DTRO_LIVE_VALIDATION_PER_MINUTE", 60)
# The JSON editor opens a D-TRO up to this size (its JSON without spaces); a larger one is
# downloaded, edited elsewhere and uploaded again, as a browser editor of it would crawl.
DTRO_EDITOR_MAX_BYTES = env_int("DTRO_EDITOR_MAX_BYTES", 2 * 1024 * 1024)
# Data-spec versions to treat as inactive until the service's own list has been fetched.
DTRO_INACTIVE_SCHEMA_VERSIONS = env_list("DTRO_INACTIVE_SCHEMA_VERSIONS")
# Candidate schemas (e.g. 5.0.0, not yet published by DfT) may be chosen and validated against;
# off by default, and never the default version either way.
DTRO_ALLOW_CANDIDATE_SCHEMAS = env_bool("DTRO_ALLOW_CANDIDATE_SCHEMAS", False)

# --- The D-TRO service's rate budget (dtro_app.client.ratelimit) --------------------------
# One budget per service environment (base URL), shared by every TRA, credential and process,
# smoothed like the gateway's spike arrest: 120 a minute is one request every 500 ms, with a
# burst of this many. Keep it one below the gateway's own burst: requests leave exactly spaced
# but reach the gateway with network jitter, and one slot of slack absorbs it (with equal
# bursts the request after a burst can arrive a few milliseconds early and be refused).
# A caller waits up to DTRO_RATE_MAX_WAIT_SECONDS for its turn; a delivery that would wait
# longer goes back in the queue without counting as an attempt.
DTRO_RATE_LIMIT_PER_MINUTE = env_int(
    "DTRO_RATE_LIMIT_PER_MINUTE", 1_000_000 if PORTAL_ENV == "test" else 120
)
DTRO_RATE_BURST = env_int("DTRO_RATE_BURST", 1)
DTRO_RATE_MAX_WAIT_SECONDS = env_float("DTRO_RATE_MAX_WAIT_SECONDS", 10.0)
# Service pages (dtro_app.catalogue) wait less than a delivery: an officer is at the screen.
DTRO_PAGE_TIMEOUT = (
    env_float("DTRO_PAGE_CONNECT_TIMEOUT_SECONDS", 5.0),
    env_float("DTRO_PAGE_READ_TIMEOUT_SECONDS", 20.0),
)

# --- Delivery (dtro_app.publishing) --------------------------------------------------------
# A claim lapses after this long; the row is then reconciled and sent again. It must exceed
# the longest a delivery run can take (the task's hard time limit is set just below it).
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 300)
# Connect and read timeouts of every call a delivery run makes to the D-TRO service.
DELIVERY_CONNECT_TIMEOUT_SECONDS = env_float("DELIVERY_CONNECT_TIMEOUT_SECONDS", 5.0)
DELIVERY_READ_TIMEOUT_SECONDS = env_float("DELIVERY_READ_TIMEOUT_SECONDS", 30.0)
# Transient failures are retried until the change is this old (7 days); only then, on a
# permanent rejection, or by a supervisor's choice does a change become FAILED.
DELIVERY_MAX_AGE_SECONDS = env_int("DELIVERY_MAX_AGE_SECONDS", 7 * 24 * 60 * 60)
DELIVERY_BACKOFF_BASE_SECONDS = env_int("DELIVERY_BACKOFF_BASE_SECONDS", 10)
DELIVERY_BACKOFF_MAX_SECONDS = env_int("DELIVERY_BACKOFF_MAX_SECONDS", 15 * 60)
# The circuit breaker of each service environment: opens after this many transient failures
# in a row (of any call), then one cheap call probes it this often until it answers.
DELIVERY_CIRCUIT_FAILURES = env_int("DELIVERY_CIRCUIT_FAILURES", 5)
DELIVERY_CIRCUIT_PROBE_SECONDS = env_int("DELIVERY_CIRCUIT_PROBE_SECONDS", 60)
# Supervisors get one digest email per TRA once an outage has lasted this long.
DELIVERY_OUTAGE_NOTICE_AFTER_SECONDS = env_int("DELIVERY_OUTAGE_NOTICE_AFTER_SECONDS", 15 * 60)
# Waits longer than this are left to the sweeper instead of a broker countdown, which keeps
# every countdown far below the broker's visibility timeout.
DELIVERY_MAX_COUNTDOWN_SECONDS = env_int("DELIVERY_MAX_COUNTDOWN_SECONDS", 600)
DELIVERY_SWEEP_SECONDS = env_int("DELIVERY_SWEEP_SECONDS", 30)
# A queued row whose message has not been picked up after this long is enqueued again.
DELIVERY_REENQUEUE_AFTER_SECONDS = env_int("DELIVERY_REENQUEUE_AFTER_SECONDS", 120)

# --- Operations: /healthz, /readyz, /metrics (dtro_app.operations.views) ------------------
# /readyz fails when the outbox sweeper (run by beat every DELIVERY_SWEEP_SECONDS) has not
# run for this long: three missed periods, plus a margin for a slow sweep.
READYZ_SWEEP_MAX_AGE_SECONDS = env_int(
    "READYZ_SWEEP_MAX_AGE_SECONDS", 3 * DELIVERY_SWEEP_SECONDS + 30
)
# Who may scrape /metrics: addresses or networks (REMOTE_ADDR, never X-Forwarded-For) and,
# when set, a bearer token as well. Empty allow-list: any address (then set the token).
METRICS_ALLOWED_IPS = env_networks("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
METRICS_BEARER_TOKEN = env_str("METRICS_BEARER_TOKEN")
# Probes talk plain HTTP inside the deployment; do not redirect them to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# --- The D-TRO sandbox mounted in the portal (/sandbox/v1/) ------------------------------
# Off in production unless asked for: it is an emulator that issues tokens to its own apps.
DTRO_SANDBOX_ENABLED = env_bool("DTRO_SANDBOX_ENABLED", default=not PRODUCTION)
# Its gateway (sandbox.gateway): a proxy-wide spike arrest, off under test where many requests
# go at once; duplicates refused; writes in progress listed for benchmarks.
SANDBOX_SPIKE_ARREST_PER_MINUTE = env_int(
    "SANDBOX_SPIKE_ARREST_PER_MINUTE", 0 if PORTAL_ENV == "test" else 120
)
SANDBOX_SPIKE_ARREST_BURST = env_int("SANDBOX_SPIKE_ARREST_BURST", 2)
SANDBOX_REFUSE_DUPLICATES = env_bool("SANDBOX_REFUSE_DUPLICATES", default=True)
SANDBOX_TRACK_IN_FLIGHT = env_bool("SANDBOX_TRACK_IN_FLIGHT", default=False)
# The live gateway cannot send back a record over 10 MB: GET answers 502 TooBigBody (D-TRO
# issue #118). The sandbox does the same above this size of answer.
SANDBOX_MAX_RESPONSE_BYTES = env_int("SANDBOX_MAX_RESPONSE_BYTES", 10 * 1024 * 1024)
# How POST /search's `geometry` matches: DfT's documentation says "contained within", its staff
# say "intersects"; intersects finds an order crossing the area's edge, so it is the default.
SANDBOX_SEARCH_GEOMETRY_MATCH = env_str("SANDBOX_SEARCH_GEOMETRY_MATCH", "intersects")
if SANDBOX_SEARCH_GEOMETRY_MATCH not in ("intersects", "within"):
    raise ImproperlyConfigured(
        "SANDBOX_SEARCH_GEOMETRY_MATCH must be intersects or within, "
        f"not {SANDBOX_SEARCH_GEOMETRY_MATCH!r}"
    )
# Its fault switches (sandbox.faults.FaultPlan's fields) while no SandboxFaultSetting row is
# enabled: all off. Set per process, so a benchmark starts its sandbox with the variables.
SANDBOX_FAULTS: dict[str, Any] = {
    "latency_ms": env_int("SANDBOX_FAULT_LATENCY_MS", 0),
    "error_5xx_rate": env_float("SANDBOX_FAULT_5XX_RATE", 0.0),
    "error_5xx_status": env_int("SANDBOX_FAULT_5XX_STATUS", 503),
    "error_5xx_after_rate": env_float("SANDBOX_FAULT_5XX_AFTER_RATE", 0.0),
    "rate_429_rate": env_float("SANDBOX_FAULT_429_RATE", 0.0),
    "retry_after_seconds": env_int("SANDBOX_FAULT_RETRY_AFTER_SECONDS", None),
    "timeout_rate": env_float("SANDBOX_FAULT_TIMEOUT_RATE", 0.0),
    "timeout_seconds": env_float("SANDBOX_FAULT_TIMEOUT_SECONDS", 35.0),
    "drop_rate": env_float("SANDBOX_FAULT_DROP_RATE", 0.0),
    "drop_hold_seconds": env_float("SANDBOX_FAULT_DROP_HOLD_SECONDS", 35.0),
}
# Each process seeds its fault draws with "<seed>:<pid>"; empty: the OS's randomness.
SANDBOX_FAULT_SEED = env_str("SANDBOX_FAULT_SEED")
# Every SANDBOX_FAULT_* name set, so the sandbox's system check can refuse a misspelt one.
SANDBOX_FAULT_VARIABLES = env_names("SANDBOX_FAULT_")

# --- Street Manager (streetworks) ---------------------------------------------------------
# Per-call (connect, read) timeouts, retries of GETs on 429/5xx, and refresh-before-expiry margin.
STREET_MANAGER_CONNECT_TIMEOUT = env_float("STREET_MANAGER_CONNECT_TIMEOUT", 5.0)
STREET_MANAGER_READ_TIMEOUT = env_float("STREET_MANAGER_READ_TIMEOUT", 30.0)
STREET_MANAGER_MAX_RETRIES = env_int("STREET_MANAGER_MAX_RETRIES", 2)
STREET_MANAGER_BACKOFF_SECONDS = env_float("STREET_MANAGER_BACKOFF_SECONDS", 1.0)
STREET_MANAGER_TOKEN_MARGIN_SECONDS = env_int("STREET_MANAGER_TOKEN_MARGIN_SECONDS", 120)
STREET_MANAGER_REPORTING_MAX_PAGES = env_int("STREET_MANAGER_REPORTING_MAX_PAGES", 10)
# The bundled emulator (/streetmanager-sandbox/v6/...): token lifetimes and the demo password.
# Not mounted in production unless asked for: it hands out tokens to anyone.
STREET_MANAGER_EMULATOR_ENABLED = env_bool(
    "STREET_MANAGER_EMULATOR_ENABLED", default=not PRODUCTION
)
STREET_MANAGER_EMULATOR_ID_TOKEN_SECONDS = env_int("STREET_MANAGER_EMULATOR_ID_TOKEN_SECONDS", 3600)
STREET_MANAGER_EMULATOR_REFRESH_TOKEN_SECONDS = env_int(
    "STREET_MANAGER_EMULATOR_REFRESH_TOKEN_SECONDS", 24 * 3600
)
STREET_MANAGER_EMULATOR_PASSWORD = env_str(
    "STREET_MANAGER_EMULATOR_PASSWORD", "emulator-password-123"
)

# --- Where credentials may go, export URLs, supervisor invitations ---
# A credential's base URL must be HTTPS on one of these hosts (DfT integration and production)...
DTRO_ALLOWED_HOSTS = env_list("DTRO_ALLOWED_HOSTS", "dtro-integration.dft.gov.uk,dtro.dft.gov.uk")
# ...or one of these sandbox URLs (a credential's base URL equal to or under one of them).
DTRO_SANDBOX_URLS = env_list("DTRO_SANDBOX_URLS")
# Outside production, http(s) to this machine (127.0.0.1, localhost) is allowed for the bundled
# sandbox; in production only the hosts and URLs above.
DTRO_ALLOW_LOOPBACK = not PRODUCTION
# The CSV export is followed only as a signed HTTPS URL on one of these file-store hosts.
DTRO_EXPORT_STORAGE_HOSTS = env_list("DTRO_EXPORT_STORAGE_HOSTS", "storage.googleapis.com")
# How long an invitation to join a TRA (for someone who already has an account) stays valid.
PORTAL_INVITATION_DAYS = env_int("PORTAL_INVITATION_DAYS", 7)

# --- Maps (static/js/map.js) ----------------------------------------------------------------
# A basemap in British National Grid (EPSG:27700) tiles. With neither setting the map works
# offline on a 1 km grid and the order's shapes. MAP_TILE_URL is any XYZ template with
# {z}/{x}/{y} on OS's 27700 tile grid; with only OS_MAPS_API_KEY, the OS Maps API's Outdoor
# style is used. The key is added to OS's URLs only in the page (dtro_app.orders.views), so it
# is in no other setting (Django hides settings named *KEY* from error reports) nor the logs.
OS_MAPS_API_KEY = env_str("OS_MAPS_API_KEY")
OS_MAPS_TILE_URL = "https://api.os.uk/maps/raster/v1/zxy/Outdoor_27700/{z}/{x}/{y}.png"
MAP_TILE_URL = env_str("MAP_TILE_URL") or (OS_MAPS_TILE_URL if OS_MAPS_API_KEY else "")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    "Contains OS data © Crown copyright and database rights" if OS_MAPS_API_KEY else "",
)


def _home_extent(name: str) -> list[float]:
    """minx,miny,maxx,maxy in British National Grid metres, or [] when unset."""
    parts = env_list(name)
    if not parts:
        return []
    try:
        extent = [float(part) for part in parts]
    except ValueError:
        extent = []
    if len(extent) != 4 or extent[0] >= extent[2] or extent[1] >= extent[3]:
        raise ImproperlyConfigured(
            f"{name} must be four numbers in metres, min-x,min-y,max-x,max-y, not {env_str(name)!r}"
        )
    return extent


# Where a map with nothing of its own starts (the search's area map) when the TRA has no
# orders to draw yet; empty: all of Great Britain.
MAP_HOME_EXTENT = _home_extent("MAP_HOME_EXTENT")


def _allow_tile_images(policy: str, tile_url: str) -> str:
    """The policy with the tile server's origin added to img-src (unchanged without one)."""
    parts = urlsplit(tile_url)
    if not tile_url or parts.scheme not in {"http", "https"} or not parts.netloc:
        return policy
    origin = f"{parts.scheme}://{parts.netloc}"
    directives = [d.strip() for d in policy.split(";")]
    for index, directive in enumerate(directives):
        if directive.split(" ", 1)[0] == "img-src" and origin not in directive.split():
            directives[index] = f"{directive} {origin}"
    return "; ".join(d for d in directives if d)


# The base policy (portal.settings.base) allows the configured tile server's images only.
CONTENT_SECURITY_POLICY = _allow_tile_images(BASE_CONTENT_SECURITY_POLICY, MAP_TILE_URL)
