"""Shared vocabulary of the kiosk scenarios, the ``kiosk`` and ``twin`` fixtures, and the BDD report.

Device mode comes from the root ``--devices`` option: ``emulated`` (default) runs the real kiosk
headless against in-process emulators and the backend over ASGI (features/support/world.py).
``wire`` runs the ``@wire`` scenarios with every boundary real: the backend under uvicorn on
127.0.0.1 (HTTP), the card through pcscd + vpcd (``PcscCardReader``), the scanner through SANE's
test backend (``SaneScanner``); the twin still decides cards, paper and faults (support/wire.py).
Reports: cucumber JSON and an HTML page under reports/out/bdd/ (``--bdd-report-dir DIR`` elsewhere);
screenshots and failure messages in them have the personas' names, birth dates and ID numbers masked.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Generator, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when
from pytest_bdd.parser import Feature, Scenario, Step

from features.support.kiosk import Kiosk
from features.support.report import Recorder, ScenarioRecord, StepRecord, render
from features.support.twin import Twin
from features.support.wire import WireRun, wire_run  # noqa: F401  (session fixture, wire mode)
from features.support.world import World, build_world
from mocks.card.faults import CardFaults
from mocks.card.pki import MockPki
from mocks.citizens import Persona, persona
from reference_kiosk.flow.personal import PersonalValues
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.redaction import Redactor

REPORT_ROOT = Path(__file__).resolve().parent.parent / "reports" / "out" / "bdd"
_REPORT_DIR = pytest.StashKey[Path]()


def report_dir(config: pytest.Config) -> Path:
    """reports/out/bdd/ for the emulated run, reports/out/bdd/wire/ for the wire run (make test runs
    both; neither may overwrite the other's report)."""
    return config.stash[_REPORT_DIR]


SHOT_SIZE = (360, 640)
SCREENS = {
    "chào": Screen.WELCOME, "đăng nhập": Screen.LOGIN, "trang chủ": Screen.HOME, "tìm thủ tục": Screen.SEARCH,
    "thủ tục": Screen.PROCEDURE, "tờ khai": Screen.FORM, "quét giấy tờ": Screen.SCAN,
    "kiểm tra hồ sơ": Screen.REVIEW, "biên nhận": Screen.RECEIPT, "thanh toán": Screen.PAY,
    "tra cứu": Screen.LOOKUP, "đánh giá": Screen.RATE, "tạm biệt": Screen.GOODBYE, "lỗi": Screen.ERROR,
    "nhắc hết giờ": Screen.TIMEOUT_WARNING,
}  # fmt: skip
RECORDER = Recorder()


def screen_named(name: str) -> Screen:
    """Vietnamese screen names as testers say them (the English values work too)."""
    return SCREENS.get(name.casefold()) or Screen(name)


SCREEN = {"Screen": screen_named}


# ============================================================================ fixtures


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return MockPki(tmp_path_factory.getbasetemp() / "bdd-pki")


@pytest.fixture
def citizen() -> Persona:
    return persona(3)


@pytest.fixture
def world(request: pytest.FixtureRequest, tmp_path: Path, pki: MockPki, citizen: Persona) -> Iterator[World]:
    wire = request.config.getoption("--devices") == "wire"
    if wire and request.node.get_closest_marker("wire") is None:
        pytest.skip("--devices wire runs the @wire scenarios only")
    stacks: WireRun | None = request.getfixturevalue("wire_run") if wire else None
    with ExitStack() as stack:
        built = build_world(tmp_path, pki, citizen, stack, wire=stacks)
        built.twin.backend.register(citizen)
        yield built


@pytest.fixture
def card_faults() -> CardFaults:
    """Faults of the card the citizen lays on the reader (none unless a Given says so)."""
    return CardFaults()


@pytest.fixture
def card_holder(citizen: Persona) -> Persona:
    """Whose card the citizen lays on the reader (their own, as issued, unless a Given says so)."""
    return citizen


@pytest.fixture
def kiosk(world: World) -> Kiosk:
    return Kiosk(world.driver, world.services)


@pytest.fixture
def twin(world: World) -> Twin:
    return Twin(world.twin, world.driver, world.citizen)


# ============================================================================ ## Given
# Shared steps are Vietnamese first; the most common ones also read in English (stacked decorators).


@given("ki-ốt đang chờ ở màn hình chào", target_fixture="start")
@given("the kiosk waits on the welcome screen", target_fixture="start")
def _(kiosk: Kiosk) -> Screen:
    return kiosk.driver.scene


@given("người dân đã đăng nhập bằng thẻ căn cước", target_fixture="session")
def _(kiosk: Kiosk, twin: Twin, citizen: Persona) -> str:
    kiosk.start_login("card")
    twin.insert_card()
    kiosk.enter_bac(citizen.id_number, citizen.date_of_birth)
    kiosk.tap("common.continue")
    return kiosk.screen


@given("người dân đã nộp một hồ sơ đăng ký thường trú", target_fixture="dossier_code")
def _(twin: Twin) -> str:
    return twin.file_dossier()


@given("hồ sơ đó đã được giải quyết xong")
def _(twin: Twin, dossier_code: str) -> None:
    twin.finish(dossier_code)


@given(parsers.parse('hệ thống tỉnh trả lời chậm {ms:d} ms khi "{route}"'))
def _(twin: Twin, ms: int, route: str) -> None:
    twin.control.backend.slow(twin.route(route), ms)


@given("hệ thống tỉnh ngừng hoạt động")
def _(twin: Twin) -> None:
    twin.control.backend.down()


# ============================================================================ ## When


@when(parsers.parse('người dân chạm "{label}"'))
@when(parsers.parse('the citizen taps "{label}"'))
def _(kiosk: Kiosk, label: str) -> None:
    kiosk.tap(label)


@when(parsers.parse('người dân gõ "{text}"'))
@when(parsers.parse('the citizen types "{text}"'))
def _(kiosk: Kiosk, text: str) -> None:
    kiosk.type(text)


@when(parsers.parse("{seconds:d} giây trôi qua"))
@when(parsers.parse("{seconds:d} seconds pass"))
def _(twin: Twin, seconds: int) -> None:
    twin.advance(seconds)


@when(parsers.parse("{hours:d} giờ trôi qua"))
@when(parsers.parse("{hours:d} hours pass"))
def _(twin: Twin, hours: int) -> None:
    twin.advance(hours * 3600)


@when(parsers.parse("đồng hồ của hệ thống tỉnh chạy thêm {seconds:d} giây"))
def _(twin: Twin, seconds: int) -> None:
    twin.control.backend.advance_clock(seconds)


@when("người dân đặt thẻ lên đầu đọc")
def _(twin: Twin, card_faults: CardFaults, card_holder: Persona) -> None:
    twin.insert_card(card_faults, card_holder)


@when("người dân đăng xuất")
def _(kiosk: Kiosk) -> None:
    kiosk.tap("chrome.logout")


# ============================================================================ ## Then


@then(parsers.parse('màn hình hiển thị "{text}"'))
@then(parsers.parse('the screen shows "{text}"'))
def _(kiosk: Kiosk, text: str) -> None:
    assert kiosk.shows(text), kiosk.texts()


@then(parsers.parse('màn hình không hiển thị "{text}"'))
@then(parsers.parse('the screen does not show "{text}"'))
def _(kiosk: Kiosk, text: str) -> None:
    assert not kiosk.shows(text), kiosk.texts()


@then(parsers.parse("ki-ốt ở màn hình {screen:Screen}", extra_types=SCREEN))
def _(kiosk: Kiosk, screen: Screen) -> None:
    assert kiosk.driver.scene is screen, (kiosk.screen, kiosk.texts())


@then("thông tin cá nhân không còn trên ki-ốt")
def _(kiosk: Kiosk, citizen: Persona) -> None:
    assert kiosk.holds_nothing_of(citizen), kiosk.texts()


@then(parsers.parse("hệ thống tỉnh có đúng {count:d} hồ sơ của người dân"))
def _(twin: Twin, count: int) -> None:
    assert len(twin.dossiers()) == count, twin.dossiers()


# ============================================================================ report hooks


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("kiosk-twin").addoption(
        "--bdd-report-dir",
        type=Path,
        default=None,
        help="where the BDD report goes (default reports/out/bdd/, reports/out/bdd/wire/ in wire mode)",
    )


def pytest_configure(config: pytest.Config) -> None:
    wire = config.getoption("--devices") == "wire"
    chosen: Path | None = config.getoption("--bdd-report-dir", default=None)
    default = REPORT_ROOT / "wire" if wire else REPORT_ROOT
    config.stash[_REPORT_DIR] = here = chosen.resolve() if chosen is not None else default
    shutil.rmtree(here / "shots", ignore_errors=True)  # the report shows this run only
    if getattr(config.option, "cucumber_json_path", None) is None:
        config.option.cucumber_json_path = str(here / "cucumber.json")
        here.mkdir(parents=True, exist_ok=True)


def _record(request: pytest.FixtureRequest) -> ScenarioRecord | None:
    return RECORDER.current(request.node.nodeid)


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> None:
    request.node.stash[_REQUEST] = request
    tags = tuple(sorted(scenario.tags))
    RECORDER.scenarios.append(ScenarioRecord(request.node.nodeid, feature.name, scenario.name, tags))


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Step) -> None:
    record = _record(request)
    if record is not None:
        record.steps.append(StepRecord(step.keyword.strip(), step.name, outcome="running"))
        request.node.stash[_STEP_START] = time.perf_counter()


_STEP_START = pytest.StashKey[float]()
_REQUEST = pytest.StashKey[pytest.FixtureRequest]()


def _persona_values(p: Persona) -> PersonalValues:
    names = tuple(n for n in (p.full_name, p.father_name, p.mother_name, p.spouse_name) if n)
    numbers = tuple(n for n in (p.id_number, p.old_id_number) if n)
    return PersonalValues(names=names, dates=(p.date_of_birth,), numbers=numbers)


def _redact(request: pytest.FixtureRequest, text: str) -> str:
    """A failure message as the report may show it: assertion messages quote the live screen."""
    found: list[PersonalValues] = []
    for name in ("world", "citizen", "card_holder"):
        if name not in request.fixturenames:
            continue
        try:
            value = request.getfixturevalue(name)
        except Exception:  # a fixture that failed to set up holds nothing to mask
            continue
        if isinstance(value, World):
            found.append(value.driver.app.flow.personal)
        elif isinstance(value, Persona):
            found.append(_persona_values(value))
    merged = PersonalValues(
        names=tuple(n for v in found for n in v.names),
        dates=tuple(d for v in found for d in v.dates),
        numbers=tuple(n for v in found for n in v.numbers),
        texts=tuple(t for v in found for t in v.texts),
    )
    return Redactor.for_values(merged).text(text)


def _finish_step(request: pytest.FixtureRequest, step: Step, outcome: str, error: str | None) -> None:
    record = _record(request)
    if record is None or not record.steps:
        return
    current = record.steps[-1]
    current.outcome, current.error = outcome, error
    current.duration_s = time.perf_counter() - request.node.stash.get(_STEP_START, time.perf_counter())
    if step.type == "when" or outcome == "failed":
        current.screenshot = _screenshot(request, f"{len(record.steps):02d}")


def _screenshot(request: pytest.FixtureRequest, suffix: str) -> str | None:
    """A small PNG of the kiosk's screen (only when the scenario built a kiosk).

    The report leaves the kiosk: the PNG is drawn with the citizen's name, date of birth and ID
    number masked, and carries the redacted screen texts as its "Screen-Text" layer.
    """
    if "world" not in request.fixturenames:
        return None
    world: World = request.getfixturevalue("world")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::")[-1])[:80]
    here = report_dir(request.config)
    path = world.driver.screenshot(here / "shots" / f"{name}_{suffix}.png", size=SHOT_SIZE)
    return str(path.relative_to(here))


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Step) -> None:
    _finish_step(request, step, "passed", None)


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step, exception: Exception) -> None:
    _finish_step(request, step, "failed", _redact(request, f"{type(exception).__name__}: {exception}")[:2000])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    request = item.stash.get(_REQUEST, None)
    if report.failed and request is not None and report.when != "teardown":
        # The terminal, the cucumber JSON and CI logs all print this: mask the personas in it.
        report.longrepr = _redact(request, str(report.longrepr))
    record = RECORDER.current(item.nodeid)
    if record is not None and report.when != "teardown":
        if report.when == "call" or report.outcome != "passed":
            record.outcome = report.outcome
        record.duration_s += report.duration
        for step in record.steps:
            if step.outcome == "running":
                step.outcome = "skipped"
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    if RECORDER.scenarios:
        render(RECORDER, report_dir(session.config), str(session.config.getoption("--devices")))
