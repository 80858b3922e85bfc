"""WCAG 2.2 AA contrast of the kiosk's palettes: text at least 4.5:1, control boundaries at least 3:1.

The relative luminance and contrast ratio are written out here from the WCAG definition, not
taken from the theme. The pairs are the ones the widgets draw (``widgets.py``, ``scenes/base.py``,
``attract.py``); a guard test reads the UI's source for every colour role a text is drawn in, so
a scene that starts writing in a new role has to be listed (and so checked) here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reference_kiosk.ui import theme

UI = Path(theme.__file__).parent
Rgb = tuple[int, int, int]

# Text roles drawn straight on the screen's background or on a surface (panel, list row, tile).
TEXT_ON_PAGE = ("text", "muted", "primary", "danger", "success", "warning")
# (ink, fill): text drawn on a filled control or band.
TEXT_ON_FILL = (
    ("on_primary", "primary"),  # primary buttons, selected chips, the header, the attract screen
    ("on_primary", "danger"),
    ("on_primary", "success"),
    ("on_secondary", "secondary"),  # secondary buttons, chips, the large-text toggle
    ("text", "secondary"),  # a read-only text field's value
    ("muted", "secondary"),  # a read-only text field's placeholder
)
# What shows a control's edge against the page: a filled button's fill, the stroke of a light
# button / chip / text field / list row / tile (``border``), and the selection ring (``accent``).
BOUNDARIES = ("primary", "danger", "success", "border", "accent")
PAGES = ("background", "surface")
PALETTES = {"normal": theme.NORMAL, "high_contrast": theme.HIGH_CONTRAST}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: Rgb) -> float:
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Rgb, b: Rgb) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_matches_wcags_known_values() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # #767676


def _pairs(palette: theme.Palette) -> list[tuple[str, str, float]]:
    pairs = [(ink, page, 4.5) for ink in TEXT_ON_PAGE for page in PAGES]
    pairs += [(ink, fill, 4.5) for ink, fill in TEXT_ON_FILL]
    pairs += [(edge, page, 3.0) for edge in BOUNDARIES for page in PAGES]
    return pairs


@pytest.mark.parametrize("name", PALETTES)
def test_every_pair_the_widgets_draw_meets_wcag_aa(name: str) -> None:
    palette = PALETTES[name]
    low = [
        f"{fg} on {bg}: {ratio:.2f} < {need}"
        for fg, bg, need in _pairs(palette)
        if (ratio := contrast(getattr(palette, fg), getattr(palette, bg))) < need
    ]
    assert low == []


_TEXT_CALLS = {"text_block", "Text", "draw_text", "render"}  # what writes text (font.render: its ink)
_WEIGHTS = {"REGULAR", "MEDIUM", "SEMIBOLD", "BOLD"}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _text_roles_in_source() -> dict[str, set[str]]:
    """Every palette role given as a literal to a call that writes text, with the files doing it.

    Roles are found as string literals among the call's arguments, including inside ``ctx.color("x")``
    (the whole argument subtree is read, so a conditional colour is seen in both branches).
    """
    roles = set(theme.Palette.__slots__)
    found: dict[str, set[str]] = {}
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in _TEXT_CALLS:
                args = [*node.args, *(k.value for k in node.keywords)]
            elif isinstance(node, ast.Tuple) and any(_name(e) in _WEIGHTS for e in node.elts):
                args = list(node.elts)  # a table of lines: (text, size, Weight.X, role)
            else:
                continue
            for arg in args:
                for leaf in ast.walk(arg):
                    if isinstance(leaf, ast.Constant) and leaf.value in roles:
                        found.setdefault(str(leaf.value), set()).add(path.name)
    return found


def test_every_text_colour_in_the_ui_is_checked_here() -> None:
    checked = set(TEXT_ON_PAGE) | {ink for ink, _ in TEXT_ON_FILL}
    used = _text_roles_in_source()
    assert "muted" in used  # the reader works
    unchecked = {role: sorted(files) for role, files in used.items() if role not in checked}
    assert unchecked == {}
