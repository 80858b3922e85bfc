"""The audit's longer journeys on top of ``Walker``: e-forms and their options, a submission, look-up.

Option reachability is checked as a citizen would do it: turn the form's pages until the field
shows, then tap the option if it is on screen, or open the field's picker and turn its pages
until the option shows; the choice counts only when the flow's form holds it afterwards.
"""

from __future__ import annotations

from typing import Any

from mocks.commands.ui_audit.geometry import Finding
from mocks.commands.ui_audit.walk import Walker
from reference_kiosk.api import DossierStatus
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import views as vw
from reference_kiosk.flow.account_types import AccountPhase
from reference_kiosk.flow.account_view import AccountView
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.widgets import Timeline, Widget

__all__ = ["Journeys"]

TYPED = {"phone": "0912345678", "email": "cong.dan@example.vn", "date": "01032025", "number": "1"}
CLOSE_KEYS = ("paging.close",)
ACCOUNT_PASSWORD = "Audit-2025"  # set through the twin's control surface, as a citizen would at home


class Journeys:
    def __init__(self, walker: Walker) -> None:
        self.w = walker
        self.k = walker.k

    # ------------------------------------------------------------------ the e-form

    def field_label(self, spec: dict[str, Any]) -> str:
        label: str = spec["label"] if self.w.lang == "vi" or not spec.get("label_en") else spec["label_en"]
        return label

    def _shows_field(self, label: str) -> bool:
        return any(text.startswith(label) for text in self.k.screen_text())

    def _option(self, option: str) -> Widget | None:
        found = [w for w in self.k.widgets() if w.interactive and w.label == option]
        return found[0] if found else None

    def _opener(self, label: str) -> Widget | None:
        found = [w for w in self.k.widgets() if w.interactive and _starts(w.texts(), label)]
        return found[0] if found else None

    def reach_field(self, label: str) -> bool:
        self.w.first_page()
        return any(self._shows_field(label) for _ in self.w.pages("form", look=False))

    def choose(self, spec: dict[str, Any], option: str, look: bool) -> bool:
        """Reach ``option`` of select field ``spec`` by taps and choose it; True when the form holds it."""
        label = self.field_label(spec)
        if not self.reach_field(label):
            return False
        target = self._option(option)
        if target is None:
            opener = self._opener(label)
            if opener is None:
                return False
            self.k.tap_at(*opener.rect.center)
            self.k.settle()
            for _ in self.w.pages(f"picker[{spec['name']}]", look=look):
                target = self._option(option)
                if target is not None:
                    break
        if target is None:
            self._close_picker()
            return False
        self.k.tap_at(*target.rect.center)
        self.k.settle()
        view = self.k.view
        chosen = isinstance(view, vw.FormView) and any(
            f.name == spec["name"] and f.value == option for f in view.fields
        )
        self._close_picker()
        return chosen

    def _close_picker(self) -> None:
        label = self.w.control(CLOSE_KEYS)
        if label is not None:
            self.k.tap(label)
            self.k.settle()

    def options(self, code: str, form: list[dict[str, Any]]) -> None:
        for spec in form:
            if spec.get("type") != "select":
                continue
            options = spec.get("options", [])
            for i, option in enumerate(options):  # the last one turns every page: look at them
                if not self.choose(spec, option, look=i == len(options) - 1):
                    self.w.result.unreachable.append(
                        {"procedure": code, "field": spec["name"], "option": option, "why": "never on screen"}
                    )

    def open_form(self, proc: dict[str, Any]) -> bool:
        """On the procedure's detail: Submit, the first case when asked; True on the e-form."""
        if self.w.control(("procedure.submit",)) is None:
            return False
        self.w.tap("procedure.submit")
        view = self.k.view
        if isinstance(view, vw.ProcedureView) and view.choosing_case:
            self.w.look(f"procedure_case[{proc['code']}]")
            self.k.tap(view.cases[0].name)
            self.k.settle()
        return self.k.scene is Screen.FORM

    def form_pages(self, code: str) -> None:
        for _ in self.w.pages(f"form[{code}]"):
            pass
        self.w.first_page()

    def fill(self, form: list[dict[str, Any]]) -> None:
        """Every required empty field with a plausible value, then Continue."""
        for spec in form:
            view = self.k.view
            assert isinstance(view, vw.FormView)
            current = next((f for f in view.fields if f.name == spec["name"]), None)
            if current is None or current.read_only or current.value or not current.required:
                continue
            if spec.get("options"):
                self.choose(spec, spec["options"][0], look=False)
                continue
            label = self.field_label(spec)
            if not self.reach_field(label):
                continue
            opener = self._opener(label)
            if opener is None:
                continue
            self.k.tap_at(*opener.rect.center)
            self.k.settle()
            kind = spec.get("type", "text")
            self.k.type(TYPED.get(kind, "So 12 duong Le Loi") if kind != "id_number" else "020190012345")
            self.w.look(f"form_keyboard[{kind}]")
            self.w.tap("form.done")
        self.w.first_page()
        self.w.tap("common.continue")

    # ------------------------------------------------------------------ the VNeID account login

    def account(self, citizen: Any, large_text: bool) -> None:
        """From the welcome: number (keypad), password (letters), a wrong one, the code; then cancel."""
        self.w.tap("welcome.start")
        self.w.tap("login.method.account")
        self.w.look("account_id")
        self.k.type(citizen.id_number)
        self.w.look("account_password")
        self.k.type("not-the-password")
        self.w.tap("common.continue")
        self.w.look("account_wrong_password")
        self.w.world.twin.backend.set_vneid_password(citizen, ACCOUNT_PASSWORD)
        self.k.type(ACCOUNT_PASSWORD)
        self.w.tap("common.continue")
        view = self.k.view
        if not isinstance(view, AccountView) or view.phase is not AccountPhase.OTP:
            self.w.result.clipped.append(Finding("account", "journey", "otp", "the code was not asked"))
        self.w.look("account_otp")
        self.w.tap("chrome.cancel")
        self.w.welcome(large_text)  # a cancelled session resets language and text size

    # ------------------------------------------------------------------ submit, receipt, look-up

    def submit(self, code: str, form: list[dict[str, Any]]) -> str | None:
        """Fill, scan, review (every page; the papers and the fee must show), confirm; the dossier code."""
        self.w.tap("common.continue")  # nothing typed yet: every problem explained in place
        self.w.look("form_errors")
        self.fill(form)
        if self.k.scene is not Screen.SCAN:
            return None
        view = self.k.view
        assert isinstance(view, vw.ScanView)
        for _ in self.w.pages("scan"):  # a long checklist pages (large text, a short screen)
            pass
        for item in view.checklist:  # each paper's Scan button, on whichever page it is
            if item.mandatory and not self.w.reach_action(ev.ScanRequested(item.document_code)):
                self.w.result.clipped.append(Finding("scan", "hidden", "checklist", item.name))
        self.w.first_page()
        self.w.look("scan_done")
        self.w.tap("common.continue")
        review = self.k.view
        if not isinstance(review, vw.ReviewView):
            return None
        fee = self.w.t.money(review.fee_online) if review.fee_online else self.w.t("common.free")
        expected = {d.name for d in review.documents} | {fee}
        self._content("review", expected)
        self.w.tap("review.confirm")
        name = self.w.look("receipt")
        receipt = self.k.view
        if not isinstance(receipt, vw.ReceiptView) or receipt.dossier_code is None:
            self.w.result.clipped.append(Finding(name, "journey", "receipt", "no dossier code"))
            return None
        return receipt.dossier_code

    def _content(self, what: str, expected: set[str]) -> None:
        """Each expected text appears (as part of some widget's text) on some page of the screen."""
        seen: list[str] = []
        for _ in self.w.pages(what):
            seen += self.k.screen_text()
        self.w.first_page()
        missing = {e for e in expected if not any(e in s for s in seen)}
        self.w.hidden(what, f"{what} content", missing)

    def lookup(self, dossier_code: str, steps: int) -> None:
        """A dossier with a fee due, ``steps`` more history entries and, newest, an open supplement
        request (the status screen at its fullest: pay and supply buttons above the history):
        the list, then every page of its detail; every entry must show, the newest first (in the
        history itself: the request's note is in its notice too)."""
        backend = self.w.world.twin.backend
        notes = [f"audit step {i + 1}" for i in range(steps)] + ["audit supplement"]
        backend.force_status(dossier_code, int(DossierStatus.PAYMENT_REQUESTED), "audit fee")
        for i, note in enumerate(notes[:-1]):
            backend.force_status(dossier_code, 4 if i % 2 else 2, note)
        backend.force_status(dossier_code, int(DossierStatus.SUPPLEMENT_REQUESTED), notes[-1])
        self.w.home()
        self.w.tap("home.tile.lookup")
        for _ in self.w.pages("lookup_list"):
            if self.w.tap_action(ev.DossierChosen(dossier_code)):
                break
        # One pass over the pages: every text seen, and the history's first page (newest first:
        # with the fee and the supplement above it, a short screen starts the history on page 2,
        # heading and newest step together, never the heading alone).
        seen: list[str] = []
        history: list[str] = []
        for _ in self.w.pages("lookup_detail"):
            seen += self.k.screen_text()
            if not history:
                history = [text for w in self.k.widgets() if isinstance(w, Timeline) for text in w.texts()]
        self.w.first_page()
        if not any(notes[-1] in text for text in history):
            self.w.result.clipped.append(
                Finding("lookup_detail", "order", "timeline", "the newest step is not the first shown")
            )
        wanted = {self.w.t("lookup.pay_now"), self.w.t("lookup.supply_now"), "audit fee", *notes}
        self.w.hidden(
            "lookup_detail", "lookup_detail content", {e for e in wanted if not any(e in s for s in seen)}
        )


def _starts(texts: list[str], label: str) -> bool:
    return any(t.startswith(label) for t in texts)
