"""The console scripts' shared dispatcher: --version, the default command, the extras it names."""

from __future__ import annotations

import argparse
import re
import tomllib
from collections.abc import Callable, Sequence
from importlib.metadata import packages_distributions, version
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mocks.cli import main as twin_main
from mocks.commands import backend
from reference_kiosk.cli._dispatch import EXTRA_OF_MODULE, missing_extra_message
from reference_kiosk.cli.main import main as kiosk_main
from reference_kiosk.config import KioskConfig

ROOT = Path(__file__).resolve().parents[4]


def _extras() -> dict[str, set[str]]:
    """Each extra of pyproject.toml -> the distribution names it lists (normalised)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out: dict[str, set[str]] = {}
    for extra, reqs in project["optional-dependencies"].items():
        out[extra] = {_name(r) for r in reqs}
    return out


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _base() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"]}


@pytest.mark.parametrize(("main", "prog"), [(kiosk_main, "kiosk"), (twin_main, "kiosk-twin")])
def test_version(main: Callable[[Sequence[str]], int], prog: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"{prog} {version('kiosk-twin')}"


def test_version_is_not_taken_for_the_default_command(capsys: pytest.CaptureFixture[str]) -> None:
    # `kiosk --lang en` means `kiosk run --lang en`, but `kiosk --version` is kiosk's own option.
    with pytest.raises(SystemExit):
        kiosk_main(["--version"])
    assert capsys.readouterr().out.startswith("kiosk ")


@pytest.mark.parametrize(("module", "extra"), sorted(EXTRA_OF_MODULE.items()))
def test_each_module_is_installed_by_the_extra_named_for_it(module: str, extra: str) -> None:
    """The table agrees with pyproject.toml: some distribution providing ``module`` is in ``extra``,
    and none is a base dependency (a missing base package is a broken install, not an extra)."""
    providers = {d.lower().replace("_", "-") for d in packages_distributions().get(module, [])}
    if not providers:
        pytest.skip(f"{module} is not installed here")
    assert providers & _extras()[extra], f"{module} comes from {providers}, not in [{extra}]"
    assert not providers & _base(), f"{module} is a base dependency now: drop it from EXTRA_OF_MODULE"


def test_missing_extra_message_is_one_line_naming_the_extra() -> None:
    exc = ModuleNotFoundError("No module named 'simpy'", name="simpy")
    text = missing_extra_message("kiosk-sim run", exc, None)
    assert text == (
        "error: kiosk-sim run needs the [sim] extra (missing package 'simpy'): pip install 'kiosk-twin[sim]'"
    )
    unknown = ModuleNotFoundError("No module named 'zzz'", name="zzz")
    assert "[twin]" in missing_extra_message("kiosk-twin up", unknown, "twin")
    assert "\n" not in missing_extra_message("kiosk", unknown, None)


def test_the_backend_serves_where_the_kiosk_looks_by_default() -> None:
    parser = argparse.ArgumentParser()
    backend.configure(parser)
    assert parser.parse_args([]).port == urlsplit(KioskConfig().backend_url).port
