"""Every action name written to the audit log is one of AuditAction's, and a published
submission is logged under its change's name."""

from __future__ import annotations

import ast
from pathlib import Path

from dtro_app.audit import PUBLISHED, AuditAction
from dtro_app.models import ChangeAction

ROOT = Path(__file__).resolve().parents[2]


def _literal_actions(node: ast.expr) -> list[str]:
    """The string constants an action argument can evaluate to (both arms of `a if c else b`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literal_actions(node.body) + _literal_actions(node.orelse)
    return []


def test_every_literal_action_name_is_listed() -> None:
    listed = set(AuditAction.values)
    unlisted = []
    for package in ("accounts", "dtro_app"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    arguments = [k.value for k in node.keywords if k.arg == "action"]
                    is_record = isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                    if is_record and node.args:
                        arguments.append(node.args[0])
                    for argument in arguments:
                        names = _literal_actions(argument)
                        unlisted += [n for n in names if "." in n and n not in listed]
    assert unlisted == []


def test_a_published_change_is_logged_under_its_own_name() -> None:
    assert PUBLISHED[ChangeAction.CREATE] == "submission.created"
    assert PUBLISHED[ChangeAction.UPDATE] == "submission.updated"
    assert PUBLISHED[ChangeAction.DELETE] == "submission.deleted"
    assert set(PUBLISHED) == set(ChangeAction.values)
