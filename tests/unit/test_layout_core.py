"""The kiosk's core speaks its own language: the flow and the ports import no adapter.

DESIGN.md: ports and adapters. The flow (the citizen session as a state machine) and the ports
use the wire models of ``reference_kiosk.api`` and the errors' attributes
(``reference_kiosk.domain.errors``), never the HTTP client or the device adapters.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = sorted([*(ROOT / "reference_kiosk" / "flow").rglob("*.py"), ROOT / "reference_kiosk" / "ports.py"])
ADAPTERS = ("reference_kiosk.backend", "reference_kiosk.devices")


def _imported_modules(path: Path) -> set[str]:
    """Every module an import statement names, typing-only imports included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # ``from reference_kiosk import backend`` names the package through its alias
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _is_adapter(module: str) -> bool:
    return any(module == pkg or module.startswith(pkg + ".") for pkg in ADAPTERS)


def test_the_core_is_found() -> None:
    assert len(CORE) >= 15  # a moved directory must not make the check below vacuous


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_flow_and_ports_import_no_adapter(path: Path) -> None:
    offenders = sorted(m for m in _imported_modules(path) if _is_adapter(m))
    assert offenders == []


def test_the_check_sees_each_spelling_of_an_adapter_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from reference_kiosk.backend import models as api\n"
        "import reference_kiosk.devices.errors\n"
        "from reference_kiosk import backend\n"
        "from reference_kiosk import api\n",
        encoding="utf-8",
    )
    found = sorted(m for m in _imported_modules(sample) if _is_adapter(m))
    assert found == [
        "reference_kiosk.backend",
        "reference_kiosk.backend.models",
        "reference_kiosk.devices.errors",
    ]
