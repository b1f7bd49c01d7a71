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

CodeMirror 6 (the JSON editor) is published as ES modules that import each other by package
name (`import ... from "@codemirror/state"`), which a browser cannot resolve without a bundler
or an import map (an inline script, which the CSP refuses). No bundler is installed, and
CodeMirror's modules are one file per package, so each package's module is copied to
static/vendor/codemirror/ under a flat name and its package-name imports are rewritten to
those files (`"./codemirror-state.js"`). An import of a package not pinned below stops the
install, so an upgrade that brings a new dependency cannot leave a broken editor.
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

# CodeMirror 6 and everything it imports: name, version, sha512 integrity, and the ES module
# in the tarball (its package.json's "exports" import). Upgrade them together.
CODEMIRROR = [
    (
        "@codemirror/state",
        "6.7.6",
        "sha512-kAz+AncRtKuIknedxT1bq4XwXv4UowhbkHU1myPrtVb/jZtImWuV5BXzv5vK6i3kYACsdiZiQKFQQ5Mq7elW8w==",
        "package/dist/index.js",
    ),
    (
        "@codemirror/view",
        "6.43.15",
        "sha512-HHsfpqFeHyXLs983pSRe38Xajs0vFWZQ2BuX0m7Ki8w3jZ5iD8cuR3lBz2/5/X53Dhf32SBHKh6rtSTB6tKeGw==",
        "package/dist/index.js",
    ),
    (
        "@codemirror/language",
        "6.13.1",
        "sha512-zfvU2r3TyylQLMj/te+5CnQ0rSqZi8B1oTCBbQkagcLW4Xc6imab6qN+pEJhsuNOLaJqiRyBXp9UhWA1DhVvDw==",
        "package/dist/index.js",
    ),
    (
        "@codemirror/streamparser",
        "6.0.0",
        "sha512-JTFPF6xrfjt0mnfGPgzcLiMwYmvIyNaoizp8BYzv8FE8KrT6GBGDZ190rtt+O7Wke3gG/MFHyiY9YGNeimof4w==",
        "package/dist/index.js",
    ),
    (
        "@codemirror/commands",
        "6.11.1",
        "sha512-O/4hG3SC1YwcmQ0d2UVNDs+AsaNWd1iHVxbTeEBuqH+6bExAiPK3iS/BvpY6rZGURALv4ZD3sIgcCmRvw3ehBg==",
        "package/dist/index.js",
    ),
    (
        "@codemirror/lint",
        "6.9.8",
        "sha512-qNvtcE73xUto/D1RvtgSRI4A1Hg8ekxlvtZpjHpdpisLBnhyu82EUEJMEgaxkjuQCA8vqnrylENWKOsEDCOHcw==",
        "package/dist/index.js",
    ),
    (
        "@codemirror/search",
        "6.7.2",
        "sha512-gUYkYhT2+n/+VGZ+8EzE5WFkYZUZYm1VOKDudIsNqh42uRVQJ0a6Yss9sdKT3MeOYfuL1N6AZA57oza0Oyr0LA==",
        "package/dist/index.js",
    ),
    (
        "@codemirror/lang-json",
        "6.0.2",
        "sha512-x2OtO+AvwEHrEwR0FyyPtfDUiloG3rnVTSZV1W8UteaLL8/MajQd8DpvUb2YVzC+/T18aSDv0H9mu+xw0EStoQ==",
        "package/dist/index.js",
    ),
    (
        "@lezer/common",
        "1.5.5",
        "sha512-Pw7PVCndruF1pb3ebCxpSVpkMHSDjwRCLcTRw+RizUKco5QbWylwq2g4lnG/RYN7yTTQDXE9F77MwtkAyphrjg==",
        "package/dist/index.js",
    ),
    (
        "@lezer/highlight",
        "1.2.5",
        "sha512-O1GMVKgtf5YspFaRzpmqkVgMtIk2HG9uMAbH6wdAIdNh3TVzCsch/+cRi+6l2//UGDKe6NB9BW3cvuR5ezMQ0w==",
        "package/dist/index.js",
    ),
    (
        "@lezer/lr",
        "1.4.12",
        "sha512-On9HU4oMMiHPMkQDgoTnGahjgG5n/MkN38CgG77sMraKLL+3JBbeQNi1FcCXV9QRqwF9/BUXP3caHyJC1fBOTQ==",
        "package/dist/index.js",
    ),
    (
        "@lezer/json",
        "1.0.3",
        "sha512-BP9KzdF9Y35PDpv04r0VeSTKDeox5vVr3efE7eBbx3r4s3oNLfunchejZhjArmeieBH+nVOpgIiBJpEAv8ilqQ==",
        "package/dist/index.js",
    ),
    (
        "style-mod",
        "4.1.5",
        "sha512-WQ2llCZa9sZSkJA+aOwpg5DkfbAXFKGh//t3MRTBeruFiSBC+GXUmbBzrw3bXyboCWAbtCW9InDfBsXrRD/rAg==",
        "package/src/style-mod.js",
    ),
    (
        "w3c-keyname",
        "2.2.8",
        "sha512-dpojBhNsCNN7T82Tm7k26A6G9ML3NkhDsnw9n/eoxSRlVBB4CEtIQ/KTCLI2Fwf3ataSXRhYFkQi3SlnFwPvPQ==",
        "package/index.js",
    ),
    (
        "crelt",
        "1.0.7",
        "sha512-aK6BbWfhf4U/wCcLHKPJl/xa6VkVstRaPywWtMKGwuOLc/wZTyQYuoxgvZnNsBvv7Kg3YTBQYYBCggcviQczuA==",
        "package/index.js",
    ),
    (
        "@marijn/find-cluster-break",
        "1.0.4",
        "sha512-Wy0V7+SGUjnF9/TkiM1hKVDPj7jKXduPNboMVtHTA8dySMURWqfg/JZ9E2Sq8JgSJmkl7k7Qe9FLeMSrSraWmQ==",
        "package/src/index.js",
    ),
]
CODEMIRROR_DIR = VENDOR / "codemirror"
CODEMIRROR_MARKER = VENDOR / ".codemirror"
# Statements at the start of a line (as the packages' builds write them, and so not the
# words "from 'module'" in a comment): `import ... from "x"`, `export ... from "x"`,
# `import "x"`. A dynamic `import("x")`, which this would miss, stops the install.
_IMPORT = re.compile(
    r"""^(\s*(?:import|export)\b[^'";]*?\bfrom\s*|\s*import\s*)(["'])([^"'\n]+)\2""",
    re.MULTILINE,
)
_DYNAMIC_IMPORT = re.compile(r"""\bimport\s*\(\s*["'`]""")

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


def _fetch(name: str, version: str, integrity: str) -> bytes:
    """The package's tarball from the registry, refused unless it matches `integrity`."""
    tarball = name.rsplit("/", 1)[-1]
    url = f"{REGISTRY}/{name}/-/{tarball}-{version}.tgz"
    print(f"Installing {name} {version} from the npm registry")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (fixed https URL)
        data: bytes = response.read()
    _verify(data, integrity)
    return data


def install(name: str, version: str, integrity: str, mapping: dict[str, str]) -> None:
    marker = VENDOR / f".{name}-{version}"
    if marker.exists():
        return
    data = _fetch(name, version, integrity)
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


def module_file(name: str) -> str:
    """The flat file a package's module is installed as: `@codemirror/state` ->
    `codemirror-state.js`."""
    return name.removeprefix("@").replace("/", "-") + ".js"


def rewrite_imports(source: str, known: set[str]) -> str:
    """`source` with every import of a package in `known` pointing at its flat file; any other
    import (another package, or a file of the package's own) stops the install."""

    def flat(match: re.Match[str]) -> str:
        lead, quote, specifier = match.groups()
        if specifier not in known:
            raise SystemExit(f"CodeMirror module imports {specifier!r}, which is not pinned")
        return f"{lead}{quote}./{module_file(specifier)}{quote}"

    if _DYNAMIC_IMPORT.search(source):
        raise SystemExit("A CodeMirror module imports another dynamically: update the rewrite")
    return _IMPORT.sub(flat, source)


def install_codemirror(packages: list[tuple[str, str, str, str]] = CODEMIRROR) -> None:
    """Every pinned package checked first, then written together: a tampered or missing
    tarball leaves the installed editor as it was."""
    pins = "\n".join(f"{name}@{version} {integrity}" for name, version, integrity, _ in packages)
    if CODEMIRROR_MARKER.exists() and CODEMIRROR_MARKER.read_text() == pins:
        return
    known = {name for name, *_ in packages}
    files: dict[str, bytes] = {}
    for name, version, integrity, module in packages:
        data = _fetch(name, version, integrity)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            names = {member.name: member for member in archive.getmembers() if member.isfile()}
            if module not in names:
                raise SystemExit(f"{name} {version} has no {module}")
            source = archive.extractfile(names[module])
            assert source is not None
            code = rewrite_imports(source.read().decode("utf-8"), known)
            files[module_file(name)] = code.encode("utf-8")
            licence = names.get("package/LICENSE") or names.get("package/LICENSE.md")
            if licence is not None:
                text = archive.extractfile(licence)
                assert text is not None
                files[module_file(name).removesuffix(".js") + ".LICENSE"] = text.read()
    shutil.rmtree(CODEMIRROR_DIR, ignore_errors=True)
    CODEMIRROR_DIR.mkdir(parents=True)
    for file_name, content in files.items():
        (CODEMIRROR_DIR / file_name).write_bytes(content)
    CODEMIRROR_MARKER.write_text(pins)


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
    install_codemirror()
    remove_govuk_brand()
    # Newer than this script, so `make` knows the assets are up to date.
    for name, version, *_ in PACKAGES:
        (VENDOR / f".{name}-{version}").touch()
    CODEMIRROR_MARKER.touch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
