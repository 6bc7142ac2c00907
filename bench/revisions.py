"""A module of Kith as it was at a git revision, loaded beside today's for a before/after run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def module_at(revision: str, module: str) -> ModuleType:
    """`kith.<module>` (e.g. "store.suggest") as it was at `revision`, under its own name."""
    relative = f"src/kith/{module.replace('.', '/')}.py"
    source = subprocess.run(
        ["git", "show", f"{revision}:{relative}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    name = module.rsplit(".", 1)[-1] + "_then"
    with tempfile.TemporaryDirectory(prefix="kith-then-") as folder:
        path = Path(folder) / f"{name}.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = loaded  # dataclasses look their module up there
        spec.loader.exec_module(loaded)
    return loaded
