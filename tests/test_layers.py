"""Keep the data flowing one way: importers → store → engine → interfaces.

Walks every module's imports with `ast` (as httpx's `test_exported_members.py`
keeps its public API true) and fails on an import that points backwards.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kith"

# What each layer may import from inside kith (beyond itself).
ALLOWED = {
    "models": set(),
    "errors": set(),
    "identity": {"models"},
    "config": {"errors"},
    "importers": {"models", "errors", "identity", "config"},
    "demo": {"models"},
    "demo_text": {"models"},
    "store": {"models", "errors", "identity", "config"},
    "engine": {"models"},
    "service": {"models", "errors", "identity", "config", "importers", "store", "engine", "demo"},
    "cli": {"service", "models", "errors", "config"},
    "web": {"service", "models", "errors", "config"},
}


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def kith_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "kith" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_module_imports_only_downstream_layers() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = layer_of(path)
        if layer == "__init__":
            continue
        assert layer in ALLOWED, f"{path} is in no known layer: add it to ALLOWED"
        for imported in kith_imports(path) - {layer}:
            if imported not in ALLOWED[layer]:
                violations.append(f"{path.relative_to(PACKAGE)} imports kith.{imported}")
    assert violations == []


def test_the_check_catches_a_backward_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from kith.cli import app\nimport kith.store.schema\n")
    assert kith_imports(module) == {"cli", "store"}
