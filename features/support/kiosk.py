"""``Kiosk``: what a BDD step may do with the kiosk, as a citizen would, on top of ``KioskDriver``.

Every action taps or types through the real input path and then lets the answers of the world
reach the screen (``settle``). Screen text is read from the scene's widgets. Labels can be given
as text ("Tiếp tục") or as catalogue keys ("common.continue") in the session's language.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

from mocks.citizens import Persona
from reference_kiosk.app import Services
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import views as vw
from reference_kiosk.i18n import Translator, translator
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.widgets import QrCode

__all__ = ["Kiosk"]

# What a citizen types into free fields of an e-form, by field type.
TYPED = {
    "phone": "0912345678",
    "email": "cong.dan@example.vn",
    "date": "01032025",
    "number": "1",
    "text": "So 12 duong Le Loi, phuong Vinh Trai",
    "textarea": "Chuyen den noi o moi",
}


class Kiosk:
    def __init__(self, driver: KioskDriver, services: Services) -> None:
        self.driver = driver
        self.services = services  # the same the driver's app runs its effects on

    # ------------------------------------------------------------------ reading

    @property
    def t(self) -> Translator:
        return translator(self.driver.view.frame.lang)

    @property
    def screen(self) -> str:
        return self.driver.scene.value

    @property
    def view(self) -> vw.View:
        return self.driver.view

    def texts(self) -> list[str]:
        return self.driver.screen_text()

    def text(self) -> str:
        return "\n".join(self.texts())

    def shows(self, words: str) -> bool:
        return words.casefold() in self.text().casefold()

    def label(self, key_or_text: str) -> str:
        return self.t(key_or_text) if self.t.has(key_or_text) else key_or_text

    def procedures_shown(self) -> set[str]:
        """Codes of the procedures whose rows are on screen now."""
        actions = [w.action for w in self.driver.widgets() if w.interactive]
        return {a.code for a in actions if isinstance(a, ev.ProcedureChosen)}

    def overflowing(self) -> list[str]:
        """What the UI audit's geometry check finds on the screen shown (text or ink out of its box)."""
        from mocks.commands.ui_audit.geometry import inspect_widgets

        top = self.driver.app.stack.top
        assert top is not None
        assert top.ctx is not None
        size, smallest = self.driver.app.size, top.ctx.theme.min_target_px
        found = inspect_widgets(self.screen, top.widgets, top.ctx, size, smallest)
        return [f"{f.kind}: {f.widget} {f.detail}" for f in found]

    def vneid_session(self) -> str:
        qr = next(w for w in self.driver.widgets() if isinstance(w, QrCode))
        return parse_qs(urlparse(qr.payload).query)["session"][0]

    def queued(self) -> int:
        """Dossiers waiting in the kiosk's outbox."""
        return self.services.pending_outbox

    # ------------------------------------------------------------------ acting

    def tap(self, key_or_text: str, nth: int = 0) -> None:
        self.driver.tap(self.label(key_or_text), nth)
        self.driver.settle()

    def type(self, text: str) -> None:
        self.driver.type(text)
        self.driver.settle()

    def enter_bac(self, id_number: str, date_of_birth: dt.date) -> None:
        self.enter_bac_typed(id_number, date_of_birth.strftime("%d%m%Y"))

    def enter_bac_typed(self, id_number: str, ddmmyyyy: str) -> None:
        """The BAC keypad: the 12-digit number, the date of birth as 8 digits, Continue."""
        self.type(id_number)
        self.type(ddmmyyyy)
        self.tap("common.continue")

    def start_login(self, method: str) -> None:
        """From the welcome screen: ``card`` or ``vneid``."""
        self.tap("welcome.start")
        self.tap(f"login.method.{method}")

    def open_form(self, query: str, procedure: str) -> None:
        """From home: the Submit tile, search, the procedure, its first case (if it has several)."""
        self.tap("home.tile.submit")
        self.type(query)
        self.tap(procedure)
        self.tap("procedure.submit")
        view = self.view
        if isinstance(view, vw.ProcedureView) and view.cases:
            self.tap(view.cases[0].name)

    def open_payment(self, dossier_code: str) -> None:
        """From home: the Pay tile, then the fee of that dossier."""
        self.tap("home.tile.pay")
        self.tap_action(ev.PayChosen(dossier_code))

    def rate(self, dossier_code: str) -> None:
        """From home: the Rate tile, the dossier, "good" to the seven indicators, both levels, send."""
        self.tap("home.tile.rate")
        self.tap_action(ev.DossierChosen(dossier_code))
        for _ in range(7):
            self.tap("rate.score.2")
        self.tap("rate.level.very_satisfied")
        self.tap("rate.level.satisfied")
        self.tap("rate.send")

    def look_up(self, dossier_code: str, id_number: str) -> None:
        """Without logging in: the dossier code and the owner's ID number, then search."""
        self.tap("welcome.lookup")
        self.type(dossier_code)
        self.tap("lookup.field.id")
        self.type(id_number)
        self.tap("lookup.search")

    def send_queued(self) -> int:
        """The outbox's background sender, once (the kiosk runs it every few seconds)."""
        sent = self.services.flush_outbox()
        self.driver.settle()
        return sent

    def reach(self, label: str) -> None:
        """Tap ``label`` on the form, turning its pages until it shows."""
        more = self.t("paging.next")
        while label not in self.driver.labels() and more in self.driver.labels():
            self.driver.tap(more)
        self.tap(label)

    def choose(self, field: str, option: str) -> None:
        """Choose ``option`` of the select field labelled ``field``: a chip on the form, or in the
        field's option picker, whose pages are turned until the option shows."""
        more = self.t("paging.next")
        labels = self.driver.labels
        while option not in labels() and not any(x.startswith(field) for x in labels()) and more in labels():
            self.driver.tap(more)
        if option not in labels():
            self.tap(next(x for x in labels() if x.startswith(field)))
            while option not in labels() and more in labels():
                self.driver.tap(more)
        self.tap(option)

    def fill_form(self) -> None:
        """Fill every empty field a citizen must fill, with plausible values, then continue."""
        view = self.view
        assert isinstance(view, vw.FormView), f"not on the form but on {self.screen}"
        for f in view.fields:
            if f.read_only or f.value or not f.required:
                continue
            label = f.label if view.frame.lang == "vi" else f.label_en
            if f.options:
                self.choose(label, f.options[0])
                continue
            self.reach(label)
            self.type(TYPED.get(f.type, TYPED["text"]) if f.type != "id_number" else "020190012345")
            self.tap("form.done")
        self.tap("common.continue")

    def scan_all(self) -> None:
        """Scan every paper the checklist asks for (one sheet each), then continue."""
        view = self.view
        assert isinstance(view, vw.ScanView), f"not on the scan screen but on {self.screen}"
        for item in view.checklist:
            if item.mandatory:
                self.scan(item.document_code)
        self.tap("common.continue")

    def scan(self, document_code: str) -> None:
        """Feed one sheet for the document (the Scan button on its row)."""
        self.tap_action(ev.ScanRequested(document_code))

    def tap_action(self, action: ev.Event) -> None:
        """Tap the button that sends ``action`` (rows repeat labels such as "Quét")."""
        found = [w for w in self.driver.widgets() if getattr(w, "action", None) == action]
        assert found, f"no button for {action} on {self.screen}: {self.driver.labels()}"
        self.driver.tap_at(*found[0].rect.center)
        self.driver.settle()

    # ------------------------------------------------------------------ privacy

    def holds_nothing_of(self, who: Persona) -> bool:
        """Neither the screen nor the session state still holds the citizen's name, number or pages."""
        secrets = (who.id_number, who.full_name, who.date_of_birth.strftime("%d/%m/%Y"))
        found = set(_strings(self.driver.app.flow)) | set(self.texts())
        store = self.services.executor.store
        pages = len(store.pages) + len(store.documents)
        return pages == 0 and not any(s in text for s in secrets for text in found)


def _strings(obj: object, seen: set[int] | None = None, depth: int = 0) -> list[str]:
    """Every string reachable from ``obj`` through attributes, slots and containers (bounded depth)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 10:
        return []
    seen.add(id(obj))
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, bytes | int | float | bool | type(None)) or callable(obj):
        return []
    if isinstance(obj, dict):
        items: list[object] = [*obj.keys(), *obj.values()]
    elif isinstance(obj, list | tuple | set | frozenset):
        items = list(obj)
    else:
        items = list(getattr(obj, "__dict__", {}).values())
        items += [
            getattr(obj, s) for k in type(obj).__mro__ for s in getattr(k, "__slots__", ()) if hasattr(obj, s)
        ]
    return [s for item in items for s in _strings(item, seen, depth + 1)]
