#!/usr/bin/env python3
"""Install front-end assets from the npm registry, without needing Node.

Each package's tarball is fetched over HTTPS, checked against the integrity hash pinned
below (the one npm's lock files record), and unpacked into static/vendor/. Nothing is
loaded from a CDN at run time. Running it again does nothing when the assets are present.

The portal is a council tool, not a GOV.UK service, so GOV.UK Frontend is installed without
the GOV.UK brand (as its guidance for services not on GOV.UK asks): no GDS Transport font,
no crown, no GOV.UK favicon or app icons. The precompiled stylesheet is rewritten to use the
system font stack and to ask for nothing under `/assets/` (which it would otherwise request
from the site root, where nothing is served). `brand_neutral_css` does that rewrite and runs
on every install, so an existing static/vendor/ is corrected too.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"

# name, version, sha512 integrity, what to copy from the tarball (prefix -> target folder)
PACKAGES = [
    (
        "govuk-frontend",
        "6.6.0",
        "sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg==",
        {"package/dist/govuk/": "govuk-frontend/"},
    ),
    (
        "axe-core",
        "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        {"package/axe.min.js": "axe-core/axe.min.js"},
    ),
    # The map: OpenLayers' full build (the `ol` global) and proj4 for British National Grid.
    (
        "ol",
        "10.11.0",
        "sha512-OJ+lrx7kx/1O7Xx18Ff9QkVnwZIEL0OuhJQSy2sYgzzDvyZ2qHvuZEGAajbSstUyBwaS1OtQ4RWnY84tRMDdqg==",
        {"package/dist/ol.js": "ol/ol.js", "package/ol.css": "ol/ol.css"},
    ),
    (
        "proj4",
        "2.22.0",
        "sha512-MVvH09QrYm3A235rcX39WDiCKanrBiblu28l0KYIn/B2DofmYhvP/LLS43kE66jNDfx/P1l/nah3JmsAq8UgbQ==",
        {"package/dist/proj4.js": "proj4/proj4.js"},
    ),
]
REGISTRY = "https://registry.npmjs.org"

# GOV.UK Frontend's `assets/` folder holds only the GOV.UK brand (GDS Transport, the crest,
# favicons, app icons and their manifest); none of it is copied.
GOVUK_FRONTEND_CSS = VENDOR / "govuk-frontend" / "govuk-frontend.min.css"
GOVUK_FRONTEND_ASSETS = VENDOR / "govuk-frontend" / "assets"
# What `$govuk-font-family` would be set to if we compiled the Sass ourselves.
SYSTEM_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif'
_FONT_FACE = re.compile(r"@font-face\{[^{}]*GDS Transport[^{}]*\}")
_FONT_LICENCE = re.compile(r"/\*![^*]*Margaret Calvert.*?\*/", re.DOTALL)
# A rule (selector and block, no nesting) that asks for a file under /assets/, e.g. the
# crest of `.govuk-footer__copyright-logo`, which the portal does not use.
_ASSET_RULE = re.compile(r"[^{}]*\{[^{}]*url\(['\"]?/assets/[^{}]*\}")
_EMPTY_AT_RULE = re.compile(r"@(?:supports|media)[^{}]*\{\}")


def _verify(data: bytes, integrity: str) -> None:
    algorithm, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"integrity check failed: expected {integrity}, got {algorithm}-{digest}")


def install(name: str, version: str, integrity: str, mapping: dict[str, str]) -> None:
    marker = VENDOR / f".{name}-{version}"
    if marker.exists():
        return
    url = f"{REGISTRY}/{name}/-/{name}-{version}.tgz"
    print(f"Installing {name} {version} from the npm registry")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (fixed https URL)
        data = response.read()
    _verify(data, integrity)
    for target in mapping.values():
        shutil.rmtree(VENDOR / target.split("/")[0], ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            for prefix, target in mapping.items():
                if member.name == prefix or (
                    prefix.endswith("/") and member.name.startswith(prefix)
                ):
                    relative = member.name[len(prefix) :] if prefix.endswith("/") else ""
                    if relative.endswith((".scss", ".njk", ".md")) or "/macros/" in relative:
                        continue
                    if name == "govuk-frontend" and relative.startswith("assets/"):
                        continue
                    destination = VENDOR / target / relative if relative else VENDOR / target
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    source = archive.extractfile(member)
                    assert source is not None
                    destination.write_bytes(source.read())
    marker.write_text(integrity)


def brand_neutral_css(css: str) -> str:
    """GOV.UK Frontend's compiled CSS without GDS Transport and without `/assets/` URLs."""
    css = _FONT_LICENCE.sub("", css)
    css = _FONT_FACE.sub("", css)
    css = re.sub(r"[\"']?GDS Transport[\"']?,\s*arial,\s*sans-serif", SYSTEM_FONTS, css)
    css = _ASSET_RULE.sub("", css)
    while _EMPTY_AT_RULE.search(css):
        css = _EMPTY_AT_RULE.sub("", css)
    # The source map describes the original file, not this one.
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    for left in ("GDS Transport", "/assets/"):
        if left in css:
            raise SystemExit(f"govuk-frontend.min.css still mentions {left!r}: update the rewrite")
    return css


def remove_govuk_brand() -> None:
    """Rewrite the installed stylesheet and remove GOV.UK's brand assets (idempotent)."""
    if GOVUK_FRONTEND_CSS.exists():
        css = GOVUK_FRONTEND_CSS.read_text(encoding="utf-8")
        neutral = brand_neutral_css(css)
        if neutral != css:
            GOVUK_FRONTEND_CSS.write_text(neutral, encoding="utf-8")
        GOVUK_FRONTEND_CSS.with_name(GOVUK_FRONTEND_CSS.name + ".map").unlink(missing_ok=True)
    shutil.rmtree(GOVUK_FRONTEND_ASSETS, ignore_errors=True)


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        install(*package)
    remove_govuk_brand()
    # Newer than this script, so `make` knows the assets are up to date.
    for name, version, *_ in PACKAGES:
        (VENDOR / f".{name}-{version}").touch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
