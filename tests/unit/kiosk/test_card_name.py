"""The card is called "thẻ căn cước" (its name since 1 July 2024), "ID card" in English, in every
message a citizen reads: the vi/en catalogues and the ``message_vi``/``message_en`` of every
named error. Older CCCD cards keep working; the old name may appear only where it is explained
(next to the new name, saying the old card still works).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

import reference_kiosk

PACKAGE = Path(reference_kiosk.__file__).parent
OLD_VI = re.compile(r"CCCD|căn cước công dân", re.IGNORECASE)
OLD_EN = re.compile(r"CCCD|citizen (?:identity|ID) card", re.IGNORECASE)


def _explained(text: str) -> bool:
    """The old name next to the new one, said to be the older card (e.g. "thẻ căn cước (cả thẻ CCCD cũ)")."""
    low = text.lower()
    return ("thẻ căn cước" in low and " cũ" in low) or ("id card" in low and "older" in low)


def _catalogue(lang: str) -> dict[str, str]:
    path = PACKAGE / "i18n" / "locale" / lang / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh, locale=lang) if m.id}


def _error_messages(attribute: str) -> dict[str, str]:
    """``attribute = "..."`` class attributes in every module of the kiosk (its named errors)."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == attribute for t in node.targets
            ):
                text = "".join(
                    c.value
                    for c in ast.walk(node.value)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                )
                found[f"{path.relative_to(PACKAGE)}:{node.lineno}"] = text
    return found


def _old_names(messages: dict[str, str], pattern: re.Pattern[str]) -> dict[str, str]:
    return {key: text for key, text in messages.items() if pattern.search(text) and not _explained(text)}


def test_the_readers_find_the_messages() -> None:
    assert "login.method.card" in _catalogue("vi")
    assert len(_error_messages("message_vi")) > 20


def test_vietnamese_messages_call_it_the_can_cuoc_card() -> None:
    assert _old_names(_catalogue("vi"), OLD_VI) == {}
    assert _old_names(_error_messages("message_vi"), OLD_VI) == {}
    assert "thẻ căn cước" in _catalogue("vi")["login.method.card"].lower()


def test_english_messages_call_it_the_id_card() -> None:
    assert _old_names(_catalogue("en"), OLD_EN) == {}
    assert _old_names(_error_messages("message_en"), OLD_EN) == {}
