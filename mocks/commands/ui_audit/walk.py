"""The audit's citizen: every screen and state of the real kiosk, against the twin's backend.

The kiosk is assembled exactly as the demo does it (``start_world`` + ``build_kiosk``) and driven
only through ``KioskDriver`` taps and typing. On every screen (and every page of it) the
geometry check of :mod:`geometry` runs and a redacted screenshot is saved. Lists are checked
against the backend's own answers, not the kiosk's view of them: every search result, every
field of the catalogue as a browse chip, every option of every select field, reached by
turning pages with taps until it is on screen and tappable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mocks.commands.ui_audit.geometry import Finding, InkMemo, inspect_widgets
from mocks.world import SimulatedWorld
from reference_kiosk.domain.text import strip_marks
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import views as vw
from reference_kiosk.flow.views import Screen
from reference_kiosk.i18n import translator
from reference_kiosk.ui.driver import KioskDriver, WidgetNotFoundError
from reference_kiosk.ui.widgets import Widget

__all__ = ["AuditClock", "AuditResult", "Walker"]

NEXT_KEYS = ("paging.next", "form.more")  # "Xem thêm"; the form's own turn (older kiosks)
PREVIOUS_KEYS = ("paging.previous", "form.previous")
MAX_PAGES = 400


class AuditClock:
    """A kiosk clock that moves only when the audit moves it (screens do not depend on the hour)."""

    def __init__(self, start: dt.datetime) -> None:
        self._wall, self._mono = start, 1000.0

    def now(self) -> dt.datetime:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._wall += dt.timedelta(seconds=seconds)
        self._mono += seconds


@dataclass(slots=True)
class AuditResult:
    screens: int = 0
    clipped: list[Finding] = field(default_factory=list)
    unreachable: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "screens": self.screens,
            "clipped": [f.as_json() for f in self.clipped],
            "unreachable_options": self.unreachable,
            "problems": len(self.clipped) + len(self.unreachable),
        }


class Walker:
    def __init__(
        self, driver: KioskDriver, world: SimulatedWorld, lang: str, out_dir: Path, *, shots: bool = True
    ) -> None:
        self.k = driver
        self.world = world
        self.lang = lang
        self.t = translator(lang)
        self.out_dir = out_dir
        self.shots = shots
        self.result = AuditResult()
        self._names: dict[str, int] = {}
        self._memo = InkMemo()  # what each widget drew, measured once per walk

    # ------------------------------------------------------------------ the backend's truth

    def api(self, path: str) -> Any:
        answer = self.world.twin.backend.http.request(
            "GET", path, headers={"X-Kiosk-Key": self.world.kiosk_key}
        )
        answer.raise_for_status()
        return answer.json()

    def catalogue(self) -> list[dict[str, Any]]:
        """Every procedure summary, paged through the API (offset where it exists)."""
        seen: dict[str, dict[str, Any]] = {}
        while True:
            page = self.api(f"/api/v1/procedures?offset={len(seen)}&limit=100")
            fresh = [p for p in page["items"] if p["code"] not in seen]
            seen.update((p["code"], p) for p in fresh)
            if not fresh or len(seen) >= page["total"]:
                return list(seen.values())

    # ------------------------------------------------------------------ looking

    def name(self, what: str) -> str:
        n = self._names.get(what, 0)
        self._names[what] = n + 1
        return what if n == 0 else f"{what}#{n}"

    def look(self, what: str) -> str:
        """Check the screen shown now; save it. Returns the name it was recorded under."""
        self.k.settle(2)
        top = self.k.app.stack.top
        assert top is not None
        assert top.ctx is not None
        name = self.name(what)
        size = self.k.app.size
        self.result.clipped += inspect_widgets(
            name, top.widgets, top.ctx, size, top.ctx.theme.min_target_px, self._memo
        )
        self.result.screens += 1
        if self.shots:
            self.k.screenshot(self.out_dir / f"{self.result.screens:04d}_{name.replace('#', '_')}.png")
        return name

    def hidden(self, name: str, what: str, missing: set[str]) -> None:
        """List items the backend has that no page of the list showed."""
        if missing:
            shown = ", ".join(sorted(missing)[:6])
            detail = f"{len(missing)} never shown: {shown}"
            self.result.clipped.append(Finding(name, "hidden", what, detail))

    def control(self, keys: tuple[str, ...]) -> str | None:
        labels = self.k.labels()
        for key in keys:
            label = self.t(key)
            if label != key and label in labels:
                return label
        return None

    def pages(self, what: str, look: bool = True) -> Iterator[str]:
        """Look at every page of the list shown now (turning with its next control), first to last."""
        name = self.look(what) if look else what
        yield name
        for _ in range(MAX_PAGES):
            label = self.control(NEXT_KEYS)
            if label is None:
                return
            self.k.tap(label)
            self.k.settle()
            name = self.look(what) if look else what
            yield name

    def first_page(self) -> None:
        for _ in range(MAX_PAGES):
            label = self.control(PREVIOUS_KEYS)
            if label is None:
                return
            self.k.tap(label)
            self.k.settle()

    def home(self) -> None:
        """Back to the home screen from wherever the walk is (a receipt has "Done", not "Home")."""
        for key in ("chrome.home", "common.done", "chrome.home"):
            if self.k.scene is Screen.HOME:
                return
            if self.t(key) in self.k.labels():
                self.tap(key)

    def tap(self, key_or_text: str, nth: int = 0) -> None:
        """Tap a label, turning the pages of the screen's list when it is not on this one."""
        label = self.t(key_or_text) if self.t.has(key_or_text) else key_or_text
        try:
            self.k.find(label, nth)
        except WidgetNotFoundError:
            self.first_page()
            for _ in self.pages("", look=False):
                if any(label.casefold() in x.casefold() for x in self.k.labels()):
                    break
        self.k.tap(label, nth)
        self.k.settle()

    def widgets(self, kind: Callable[[Widget], bool]) -> list[Widget]:
        return [w for w in self.k.widgets() if kind(w)]

    def tap_action(self, action: ev.Event) -> bool:
        found = self.widgets(lambda w: w.interactive and getattr(w, "action", None) == action)
        if not found:
            return False
        self.k.tap_at(*found[0].rect.center)
        self.k.settle()
        return True

    def reach_action(self, action: ev.Event) -> bool:
        """Tap the widget sending ``action``, turning the list's pages from the first until it shows."""
        if self.tap_action(action):
            return True
        self.first_page()
        return any(self.tap_action(action) for _ in self.pages("", look=False))

    # ------------------------------------------------------------------ the walk, part by part

    def welcome(self, large_text: bool) -> None:
        if self.lang == "en":
            self.tap("lang.en")
        if large_text:
            self.tap(f"{self.t('a11y.large_text')}: {self.t('toggle.off')}")
        self.look("welcome")

    def login(self, id_number: str, dob: dt.date, insert: Callable[[], None]) -> None:
        self.tap("welcome.start")
        self.look("login_choose")
        self.tap("login.method.card")
        self.look("login_place_card")
        insert()
        self.k.settle()
        view = self.k.view
        if isinstance(view, vw.LoginView) and view.phase is vw.LoginPhase.ENTER_BAC:
            self.k.type(id_number)
            self.k.type(dob.strftime("%d%m%Y"))
            self.look("login_keypad")
            self.tap("common.continue")
        self.look("login_verified")
        self.tap("common.continue")
        if self.k.scene is not Screen.HOME:
            raise RuntimeError(f"the audit's citizen could not log in: {self.k.screen_text()[:10]}")
        self.look("home")

    def rows(self) -> set[str]:
        return {
            w.action.code
            for w in self.k.widgets()
            if w.interactive and isinstance(w.action, ev.ProcedureChosen)
        }

    def typed(self, query: str) -> None:
        """Type a search; when no whole result fits above the keyboard (large text), "Xem kết quả"
        puts the keyboard away, as the citizen would tap it."""
        self.k.type(query)
        self.k.settle()
        show = self.t("search.show_results")
        if show in self.k.labels():
            if "search_typing" not in self._names:  # once is enough: the same screen every time
                self.look("search_typing")
            self.k.tap(show)
            self.k.settle()

    def search(self, query: str, limit_pages: int | None = None) -> None:
        """Type ``query``, page through the results; every result the backend has must show."""
        self.typed(query)
        truth = self.api(f"/api/v1/procedures?q={query}&limit=1")["total"]
        seen: set[str] = set()
        name = f"search[{query or '*'}]"
        for i, _ in enumerate(self.pages(name)):
            seen |= self.rows()
            if limit_pages is not None and i + 1 >= limit_pages:
                break
        else:
            if len(seen) < truth:
                self.hidden(name, f"search results for {query!r}", {f"{truth - len(seen)} of {truth}"})
        count = self.t("search.count", count=truth)
        if truth and not any(count in text for text in self.k.screen_text()):
            self.result.clipped.append(Finding(name, "hidden", "result count", f"{count!r} not on screen"))
        self.first_page()
        for _ in query:
            self.k.press(8)  # backspace: back to the empty query

    def browse(self, fields: dict[str, str]) -> None:
        """Every field of the catalogue is offered: as a chip, or in the paged list of fields."""
        shown: set[str] = set()
        name = self.look("browse")
        for w in self.k.widgets():
            if isinstance(getattr(w, "action", None), ev.FieldChipChosen):
                shown |= set(w.texts())
        opener = self.t("search.fields")
        if opener in self.k.labels():
            self.k.tap(opener)
            self.k.settle()
            for _ in self.pages("browse_fields"):
                shown |= {w.label for w in self.k.widgets() if w.interactive}
            self.first_page()
            close = self.control(("paging.close",))
            if close is not None:
                self.k.tap(close)
                self.k.settle()
        self.hidden(name, "browse fields", {n for n in fields.values() if n not in shown})

    def open_procedure(self, proc: dict[str, Any]) -> bool:
        """From the search screen: find the procedure by its name, paging the results; open it."""
        query = strip_marks(proc["name"]).lower()[:40]
        self.typed(query)
        found = False
        for _ in self.pages("search", look=False):
            if self.tap_action(ev.ProcedureChosen(proc["code"])):
                found = True
                break
        if not found:
            self.result.unreachable.append(
                {"procedure": proc["code"], "field": "", "option": "", "why": "not found by its name"}
            )
        return found

    def details(self, code: str) -> None:
        for _ in self.pages(f"procedure[{code}]"):
            pass
        self.first_page()
