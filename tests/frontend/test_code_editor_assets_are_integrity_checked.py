"""scripts/install_assets.py installs CodeMirror from the npm registry only when every tarball
matches its pinned integrity, and rewrites the modules' package imports to the flat files
beside them, so the browser loads them without a bundler or an import map."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import re
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "install_assets", ROOT / "scripts" / "install_assets.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tarball(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class _Registry:
    """Stands in for the npm registry: serves the tarballs it was given, by URL."""

    def __init__(self, tarballs: dict[str, bytes]) -> None:
        self.tarballs = tarballs

    def urlopen(self, url: str, timeout: int = 0) -> io.BytesIO:
        name = next(key for key in self.tarballs if url.endswith(f"/{key}"))
        return io.BytesIO(self.tarballs[name])


STATE = _tarball(
    {
        "package/dist/index.js": "export const state = 1;\n",
        "package/LICENSE": "MIT",
    }
)
VIEW = _tarball(
    {
        "package/dist/index.js": (
            "import { state } from '@codemirror/state';\n"
            'export { state } from "@codemirror/state";\n'
            '// as in `@context exportName from "module"` in a comment\n'
            "export const view = state;\n"
        ),
    }
)


@pytest.fixture
def registry() -> _Registry:
    return _Registry({"state-6.0.0.tgz": STATE, "view-6.0.0.tgz": VIEW})


@pytest.fixture
def installer(tmp_path, monkeypatch, registry) -> ModuleType:
    module = _installer()
    monkeypatch.setattr(module, "CODEMIRROR_DIR", tmp_path / "codemirror")
    monkeypatch.setattr(module, "CODEMIRROR_MARKER", tmp_path / ".codemirror")
    monkeypatch.setattr(module.urllib.request, "urlopen", registry.urlopen)
    return module


def _packages(view: bytes = VIEW) -> list[tuple[str, str, str, str]]:
    return [
        ("@codemirror/state", "6.0.0", _integrity(STATE), "package/dist/index.js"),
        ("@codemirror/view", "6.0.0", _integrity(view), "package/dist/index.js"),
    ]


def test_the_modules_are_installed_with_their_imports_pointing_at_each_other(installer):
    installer.install_codemirror(_packages())

    folder = installer.CODEMIRROR_DIR
    view = (folder / "codemirror-view.js").read_text()
    assert "import { state } from './codemirror-state.js';" in view
    assert 'export { state } from "./codemirror-state.js";' in view
    assert 'from "module"' in view  # a comment is left alone
    assert (folder / "codemirror-state.js").read_text() == "export const state = 1;\n"
    assert (folder / "codemirror-state.LICENSE").read_text() == "MIT"


def test_a_tampered_tarball_stops_the_install_and_leaves_the_editor_as_it_was(installer, registry):
    installer.install_codemirror(_packages())
    before = (installer.CODEMIRROR_DIR / "codemirror-view.js").read_text()
    marker = installer.CODEMIRROR_MARKER.read_text()
    # An upgrade of the pins, and the registry (or something between) serves a changed file.
    upgraded = [("@codemirror/state", "6.0.1", *_packages()[0][2:]), _packages()[1]]
    registry.tarballs["state-6.0.1.tgz"] = STATE
    registry.tarballs["view-6.0.0.tgz"] = VIEW[:-1] + bytes([VIEW[-1] ^ 1])

    with pytest.raises(SystemExit, match="integrity check failed"):
        installer.install_codemirror(upgraded)

    assert (installer.CODEMIRROR_DIR / "codemirror-view.js").read_text() == before
    assert installer.CODEMIRROR_MARKER.read_text() == marker


def test_an_import_of_a_package_not_pinned_stops_the_install(installer, registry):
    stray = _tarball({"package/dist/index.js": "import { x } from '@codemirror/autocomplete';\n"})
    registry.tarballs["view-6.0.0.tgz"] = stray

    with pytest.raises(SystemExit, match="'@codemirror/autocomplete', which is not pinned"):
        installer.install_codemirror(_packages(view=stray))

    assert not installer.CODEMIRROR_DIR.exists()


def test_the_installed_editor_imports_only_its_own_files():
    """The pinned set as `make install` left it in static/vendor/codemirror."""
    installer = _installer()
    folder = installer.CODEMIRROR_DIR
    expected = {installer.module_file(name) for name, *_ in installer.CODEMIRROR}
    assert expected <= {path.name for path in folder.glob("*.js")}, "run make install"
    for path in folder.glob("*.js"):
        for specifier in re.findall(
            r"^\s*(?:import|export)\b[^'\";]*?\bfrom\s*['\"]([^'\"]+)", path.read_text(), re.M
        ):
            assert specifier.startswith("./") and (folder / specifier[2:]).is_file(), (
                path,
                specifier,
            )
