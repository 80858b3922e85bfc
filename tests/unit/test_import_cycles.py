"""No import cycles among the modules of ``mocks`` (the demo's commands once imported each other
in a circle: up -> twin -> up, twin_journey -> twin).

Every import counts, also those inside functions and under ``TYPE_CHECKING``: a cycle hidden in a
function still means two modules that cannot be read, tested or moved one without the other.
A package's own ``__init__`` re-exporting its submodules is not a cycle with them.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (``from a import b`` names a.b if a module)."""
    paths = {module_name(root, p): p for p in (root / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in paths else node.module
                           for a in node.names]  # fmt: skip
            else:
                continue
            edges |= {t for t in targets if t in paths and t != name}
        # A package importing its own submodules (re-exports) is how packages are built, not a cycle.
        graph[name] = {t for t in edges if not (t.startswith(name + ".") or name.startswith(t + "."))}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return None


def test_mocks_has_no_import_cycle() -> None:
    assert find_cycle(import_graph(ROOT, "mocks")) is None


def test_the_finder_sees_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.b import run\n")
    (pkg / "b.py").write_text("def run():\n    from pkg import a\n")
    cycle = find_cycle(import_graph(tmp_path, "pkg"))
    assert cycle is not None
    assert set(cycle) == {"pkg.a", "pkg.b"}


@pytest.mark.parametrize("source", ["import pkg.b\n", "from pkg import b\n"])
def test_a_package_re_exporting_its_modules_is_no_cycle(tmp_path: Path, source: str) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(source)
    (pkg / "b.py").write_text("from pkg import something\n")
    assert find_cycle(import_graph(tmp_path, "pkg")) is None
