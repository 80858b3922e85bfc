"""Root test configuration: headless SDL before anything imports pygame, and the tier options."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Must happen before any test module imports pygame (DESIGN: headless tests, no display in CI).
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest
from hypothesis import settings

# Deterministic tests (DESIGN): Hypothesis draws the same examples on every run, so CI never turns
# red on a seed nobody can replay; `--hypothesis-profile=explore` searches afresh when hunting bugs.
settings.register_profile("deterministic", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("deterministic")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kiosk-twin")
    group.addoption("--reader", default=None, help="name of a real PC/SC reader (hardware tier)")
    group.addoption("--scanner", default=None, help="name of a real SANE device (hardware tier)")
    group.addoption(
        "--devices",
        default="emulated",
        choices=("emulated", "wire"),
        help="BDD device mode: in-process emulators, or pcscd + SANE test backend + uvicorn",
    )


@pytest.fixture(autouse=True)
def _logger_levels() -> Iterator[None]:
    """Each test starts with the logger levels the session had before it.

    A test that runs ``kiosk run`` in-process calls ``setup_logging``, which holds httpx & co. at
    WARNING for the rest of the process; a later test capturing httpx's INFO lines (the privacy
    URL check) would then see none, depending only on which tests ran before it in that process.
    """
    loggers = [
        logging.root,
        *(x for x in logging.root.manager.loggerDict.values() if isinstance(x, logging.Logger)),
    ]
    levels = [(logger, logger.level) for logger in loggers]
    yield
    for logger, level in levels:
        logger.setLevel(level)


# ---------------------------------------------------------------- pytest-xdist (`-n 2 --dist loadgroup`)
# make test runs the suite on two workers. Each module is one work unit (its module- and session-
# scoped fixtures are built once), and tests sharing a machine-wide resource form one unit:
#   pcscd  /run/pcscd/pcscd.comm and vpcd's port 35963 exist once per machine (tests/support/pcscd.py)
#   bdd    features/conftest.py's HTML report is one in-process Recorder, rendered at session end
# xdist 3.8's own loadgroup marks tests by editing node ids, which pytest 9.2 no longer honours
# (pytest-xdist issue 1386), so the scheduler below groups node ids itself.
PCSCD_GROUP = "pcscd"
BDD_GROUP = "bdd"
# Where the pcscd fixture is visible; the collection check below keeps this list complete.
PCSCD_PATHS = ("tests/contract/card/", "tests/integration/card/", "tests/privacy/test_privacy_audit.py")
_ROOT = Path(__file__).resolve().parent


def xdist_group(nodeid: str, devices: str = "emulated") -> str:
    """The work unit of the test ``nodeid`` (``devices`` as given by --devices)."""
    path = nodeid.split("::", 1)[0]
    in_features = path.startswith("features/")
    if path.startswith(PCSCD_PATHS) or (in_features and devices == "wire"):
        return PCSCD_GROUP
    return BDD_GROUP if in_features else path


def _uses_pcscd(item: pytest.Item) -> bool:
    # Asked for by name, or visible for a getfixturevalue("pcscd") at run time (the card contract's
    # "pcsc" rig, the privacy audit's wire run); the wire BDD world takes wire_run the same way.
    named = getattr(item, "fixturenames", ())
    return "wire_run" in named or bool(item.session._fixturemanager.getfixturedefs("pcscd", item))


_STRAY = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):  # only a worker of an -n run: check the grouping holds
        return
    devices = str(config.getoption("--devices"))
    for item in items:
        item.stash[_STRAY] = _uses_pcscd(item) and xdist_group(item.nodeid, devices) != PCSCD_GROUP
    # The two long units start first and the rest follows in collection order (the integration
    # modules, few tests but long ones, early), so the run does not end on a long unit.
    first = (PCSCD_GROUP, BDD_GROUP)
    items.sort(key=lambda i: first.index(g) if (g := xdist_group(i.nodeid, devices)) in first else len(first))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.stash.get(_STRAY, False):
        pytest.fail(
            "this test can reach pcscd but would run beside the other pcscd tests under -n: "
            "add its directory to PCSCD_PATHS in conftest.py",
            pytrace=False,
        )


@pytest.hookimpl(optionalhook=True)  # an xdist hook: the suite still runs where xdist is absent
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]  # no py.typed

    devices = str(config.getoption("--devices"))
    config.option.loadscopereorder = False  # keep the order the workers collected (see above)

    class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]  # untyped base
        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid, devices)

    return GroupScheduling(config, log)
