#!/usr/bin/env python3
"""Install front-end assets from the npm registry, without needing Node.

Each package's tarball is fetched over HTTPS, checked against the integrity hash pinned
below (the one npm's lock files record), and unpacked into static/vendor/. Nothing is
loaded from a CDN at run time. Running it again does nothing when the assets are present.
"""

from __future__ import annotations

import base64
import hashlib
import io
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
]
REGISTRY = "https://registry.npmjs.org"


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
                    destination = VENDOR / target / relative if relative else VENDOR / target
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    source = archive.extractfile(member)
                    assert source is not None
                    destination.write_bytes(source.read())
    marker.write_text(integrity)


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        install(*package)
    return 0


if __name__ == "__main__":
    sys.exit(main())
