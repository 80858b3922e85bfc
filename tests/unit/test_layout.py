"""The layout rules of DESIGN.md that a test can check."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "reference_kiosk").rglob("*.py")), ids=str)
def test_reference_kiosk_imports_neither_mocks_nor_simulator(path: Path) -> None:
    assert not _imports(path) & {"mocks", "simulator"}


def _composition_root(path: str) -> bool:
    """Where the kiosk and its world are put together (docs/decisions/0013): these may import both.

    ``mocks/world.py`` starts the world, ``mocks/commands/*`` are the ``kiosk-twin`` commands
    (the demo assembles the kiosk with ``build_kiosk``), ``mocks/chaos/worker.py`` is the chaos
    run's kiosk process. Nothing else under ``mocks/`` is.
    """
    return path == "mocks/world.py" or path.startswith("mocks/commands/") or path == "mocks/chaos/worker.py"


def test_the_composition_roots_are_these_and_no_more() -> None:
    roots = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "mocks").rglob("*.py"))
    roots = [p for p in roots if _composition_root(p)]
    outside_commands = [p for p in roots if not p.startswith("mocks/commands/")]
    assert outside_commands == ["mocks/chaos/worker.py", "mocks/world.py"]


def test_mocks_import_only_ports_and_api_models_of_the_kiosk() -> None:
    # Device errors are part of the ports' contract (emulators raise the same named errors);
    # the domain's pure rules (form fields, folding, masking) are shared on purpose (decision 0014).
    allowed = (
        "reference_kiosk.ports",
        "reference_kiosk.api",
        "reference_kiosk.devices.errors",
        "reference_kiosk.domain",
        "reference_kiosk.cli._dispatch",
    )
    offenders = []
    for path in (ROOT / "mocks").rglob("*.py"):
        if _composition_root(path.relative_to(ROOT).as_posix()):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mod = node.module if isinstance(node, ast.ImportFrom) else None
            if mod and mod.startswith("reference_kiosk") and not mod.startswith(allowed):
                offenders.append(f"{path.relative_to(ROOT)}: {mod}")
    assert offenders == []


@pytest.mark.parametrize("script", ["kiosk", "kiosk-twin", "kiosk-sim"])
def test_console_scripts_answer_help(script: str) -> None:
    exe = Path(sys.executable).parent / script
    done = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


def test_importing_the_packages_does_no_work() -> None:
    """Nothing at import time: importing every module must not start pygame or open sockets."""
    code = (
        "import importlib, pkgutil, sys\n"
        "for pkg in ('reference_kiosk', 'mocks', 'simulator'):\n"
        "    m = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(m.__path__, pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import pygame\n"
        "assert not pygame.get_init(), 'pygame.init() ran at import time'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
