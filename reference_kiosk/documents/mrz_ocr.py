"""Read a TD1 MRZ (3 x 30 OCR-B characters) from a scan of a card lying anywhere on the glass.

The MRZ's typeface (OCR-B) and grid (10 characters per inch, fixed-width) are known, so reading it
is template matching, not general OCR (decision 0024): find the card and its angle from the
card's pixels against the white lid, turn it level, cut the bottom band (and, for a card lying
upside down, the top band turned over), find the three text lines, split each into 30 equal
cells between its first and last glyph, and name each cell by correlation with the OCR-B glyphs
allowed at that position, each glyph at its best of a few cuts of the line's top and bottom
rows. Check digits then decide (``bac.BacKey.from_mrz`` and the ID-number cross-check in
``card_print``): a misread never yields a key silently.
"""

from __future__ import annotations

import functools
import itertools
import string
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = ["MRZ_ALPHABET", "find_mrz", "level_card", "lookalike", "ocr_b_font"]

MRZ_ALPHABET = string.ascii_uppercase + string.digits + "<"
_CELL = (18, 24)  # the size every glyph cell is compared at (width, height in pixels)
_WINDOW = 1.2  # an ink-centred cell's width in character pitches (wide glyphs such as M fit)
_DIGITS = string.digits
_LETTERS = string.ascii_uppercase + "<"
_FONT_DIRS = (Path("/usr/share/fonts/opentype/ocr-b"), Path("/usr/share/fonts/truetype/ocr-b"))
_NUMERIC = {(1, i) for i in (*range(0, 7), *range(8, 15), 29)} | {(0, i) for i in range(5, 15)}
# A CCCD's optional data is its 12-digit ID number, fillers and a check digit: never letters.
_DIGIT_OR_FILLER = {(0, i) for i in range(15, 30)}
_TRIMS = (0, 1, 2, 3)  # rows cut from each end of a line taken a row wider than ``_lines`` found
# Two glyphs this reader may take one for the other: their templates correlate at least this much
# (C and G 0.67, O and Q 0.78, P and R 0.80; H and K 0.40, A and N 0.22).
_LOOKALIKE = 0.6


def ocr_b_font() -> Path | None:
    """The OCR-B font of Debian's ``fonts-ocr-b``, or None (then only QR codes are read)."""
    for folder in _FONT_DIRS:
        if (folder / "OCRB.otf").is_file():
            return folder / "OCRB.otf"
    return None


def _allowed(line: int, pos: int) -> str:
    if (line, pos) in _NUMERIC:
        return _DIGITS
    if (line, pos) in _DIGIT_OR_FILLER:
        return _DIGITS + "<"
    if line == 2 or (line == 1 and pos in (15, 16, 17)) or (line == 0 and pos < 5):
        return _LETTERS
    return MRZ_ALPHABET


@functools.lru_cache(maxsize=2)
def _templates(on_ink: bool) -> np.ndarray:
    """Each MRZ character (rows in ``MRZ_ALPHABET`` order) drawn in OCR-B, as a normalised cell
    (ink 1, paper 0): its own cell (``on_ink`` False), or a window centred on its ink, as wide
    as ``_WINDOW`` pitches."""
    path = ocr_b_font()
    if path is None:
        raise FileNotFoundError("OCR-B font not found (Debian package fonts-ocr-b)")
    font = ImageFont.truetype(str(path), 96)
    pitch = 96 * 0.6  # OCR-B's advance is 0.6 em
    top, bottom = font.getbbox("H")[1], font.getbbox("H")[3]
    out = []
    width = round(pitch) * 3
    for ch in MRZ_ALPHABET:
        image = Image.new("L", (width, 140), 0)
        ImageDraw.Draw(image).text((width / 2, 0), ch, font=font, fill=255, anchor="ma")
        a = np.asarray(image.crop((0, top, width, bottom)), dtype=np.float32) / 255
        cols = np.nonzero(a.sum(axis=0) > 0)[0]
        centre = (int(cols[0]) + int(cols[-1]) + 1) / 2 if on_ink else width / 2
        half = pitch * (_WINDOW if on_ink else 1.0) / 2
        cell = a[:, round(centre - half) : round(centre + half)]
        out.append(_normalise(_box(cell.shape[0], _CELL[1]) @ cell @ _box(cell.shape[1], _CELL[0]).T))
    return np.stack(out)


def lookalike(a: str, b: str) -> bool:
    """``a`` and ``b`` are MRZ characters whose OCR-B glyphs are close enough for this reader to
    take one for the other (C and G, O and Q, P and R, ...), or the same character."""
    if a == b:
        return True
    if a not in MRZ_ALPHABET or b not in MRZ_ALPHABET:
        return False
    return bool(_similarity()[MRZ_ALPHABET.index(a), MRZ_ALPHABET.index(b)] >= _LOOKALIKE)


@functools.lru_cache(maxsize=1)
def _similarity() -> np.ndarray:
    """How alike each two glyphs are: their templates' correlation, the higher of the two cuts."""
    out: np.ndarray = np.maximum(*(t @ t.T for t in (_templates(False), _templates(True))))
    return out


@functools.lru_cache(maxsize=4)
def _penalties(line: int) -> np.ndarray:
    """Per position of ``line``: 0 for the characters allowed there, minus infinity for the rest."""
    out = np.full((30, len(MRZ_ALPHABET)), -np.inf, dtype=np.float32)
    for pos in range(30):
        out[pos, [MRZ_ALPHABET.index(ch) for ch in _allowed(line, pos)]] = 0.0
    return out


@functools.lru_cache(maxsize=256)
def _box(n: int, m: int) -> np.ndarray:
    """The ``m x n`` matrix that shrinks (or stretches) ``n`` samples to ``m`` by area averaging
    (a box filter, as PIL's BOX resize): one matrix product per axis instead of an image round trip."""
    edges = np.arange(m + 1) * (n / m)
    lo, hi = edges[:-1, None], edges[1:, None]
    pix = np.arange(n)[None, :]
    overlap = np.clip(np.minimum(hi, pix + 1) - np.maximum(lo, pix), 0, None)
    out: np.ndarray = (overlap / overlap.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def _normalise(cells: np.ndarray) -> np.ndarray:
    """``_CELL``-sized cells (the last two axes), each flattened, its mean removed and scaled to
    unit length, so that a dot product is a correlation whatever the ink's darkness."""
    v = np.clip(cells, 0, 1).reshape(*cells.shape[:-2], -1)
    v = v - v.mean(axis=-1, keepdims=True)
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    out: np.ndarray = v / np.where(norm > 0, norm, 1.0)
    return out


def _card_mask(small: np.ndarray) -> np.ndarray:
    """Pixels darker than the lid. The lid's brightness is taken per row (a scanner's lamp fades
    towards the far edge), from each row's brightest few per cent: every row of the card window
    shows some lid, the card being smaller than the window."""
    lid = np.percentile(small, 97, axis=1)
    lid = np.convolve(np.pad(lid, 4, mode="edge"), np.ones(9) / 9, mode="valid")
    mask: np.ndarray = small < lid[:, None] - 14
    return mask


def level_card(gray: Image.Image) -> Image.Image | None:
    """The card turned level (long side horizontal) and cut out, or None when no card is found."""
    step = max(1, round(min(gray.size) / 300))  # the angle needs no more than ~300 px
    ys, xs = np.nonzero(_card_mask(np.asarray(gray.reduce(step), dtype=np.float32)))
    if len(xs) < 500:
        return None
    angle = _card_angle(xs.astype(np.float64), ys.astype(np.float64))
    lid = int(np.percentile(np.asarray(gray), 97))
    level = gray.rotate(angle, Image.Resampling.BILINEAR, expand=True, fillcolor=lid)
    b = _card_mask(np.asarray(level.reduce(step), dtype=np.float32))
    rows = np.nonzero(b.sum(axis=1) > b.shape[1] * 0.05)[0]
    cols = np.nonzero(b.sum(axis=0) > b.shape[0] * 0.05)[0]
    if len(rows) == 0 or len(cols) == 0:
        return None
    box = (int(cols[0]) * step, int(rows[0]) * step, (int(cols[-1]) + 1) * step, (int(rows[-1]) + 1) * step)
    return level.crop(box)


def _card_angle(xs: np.ndarray, ys: np.ndarray) -> float:
    """The card's long-side angle: the principal axis of its pixels, refined to the angle whose
    bounding rectangle is smallest (the white QR and bright print leave holes that tilt the axis)."""
    xs, ys = xs - xs.mean(), ys - ys.mean()
    evals, evecs = np.linalg.eigh(np.cov(np.stack([xs, ys])))
    vx, vy = evecs[:, int(np.argmax(evals))]
    rough = float(np.degrees(np.arctan2(vy, vx)))
    best, best_area = rough, float("inf")
    for angle in rough + np.arange(-4.0, 4.01, 0.2):
        t = np.radians(angle)
        u, v = xs * np.cos(t) + ys * np.sin(t), -xs * np.sin(t) + ys * np.cos(t)
        area = float(np.ptp(u) * np.ptp(v))
        if area < best_area:
            best, best_area = float(angle), area
    return best


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return list(zip(np.nonzero(edges == 1)[0].tolist(), np.nonzero(edges == -1)[0].tolist(), strict=True))


def _lines(ink: np.ndarray) -> list[tuple[int, int]]:
    """The band's three text lines (row ranges), or fewer when it has no MRZ."""
    rows = ink.sum(axis=1) > max(3.0, ink.shape[1] * 0.02)
    runs = [(a, b) for a, b in _runs(rows) if b - a >= 4]
    if len(runs) < 3:
        return []
    runs = sorted(runs, key=lambda r: r[1] - r[0], reverse=True)[:3]
    heights = [b - a for a, b in runs]
    return sorted(runs) if max(heights) < 1.6 * min(heights) else []


def _read_line(ink: np.ndarray, line: int, on_ink: bool) -> str | None:
    """Line ``line`` (0-2) of the MRZ: cells on the grid between the first and the last glyph, or
    (``on_ink``) centred on each glyph's own ink when there is one run of ink per character.

    Each cell is compared with each glyph at several cuts of the line's top and bottom rows, and
    a glyph scores its best cut. The rows ``_lines`` finds are where any glyph has ink: round
    glyphs' overshoot (O, G, C, S, digits) and a faded card's thinner strokes move them a pixel
    or three from the flat H-height the templates are cut to, and then a G's short bar falls
    outside its cell and reads as C: 18 of the 1,400 MRZ faces of ``bench_card_print`` had a G
    read as C, and persona 185's name (three Gs, low contrast) was refused. The name line has no
    check digit to catch that."""
    cols = np.nonzero(ink.sum(axis=0) > 0)[0]
    if len(cols) < 30:
        return None
    glyphs = _runs(ink.sum(axis=0) > 0)
    centres = [(a + b) / 2 for a, b in glyphs]
    c0 = centres[0]
    pitch = (centres[-1] - c0) / 29
    if on_ink and len(glyphs) != 30:
        return None
    cells = centres if on_ink else [c0 + i * pitch for i in range(30)]
    if pitch < 4:
        return None
    half = pitch * (_WINDOW if on_ink else 1.0) / 2
    # Every cell brought to the cells' width first: the cuts below then only change rows.
    parts = []
    for centre in cells:
        x0 = max(0, round(centre - half))
        x1 = min(ink.shape[1], max(x0 + 1, round(centre + half)))
        parts.append(ink[:, x0:x1] @ _box(x1 - x0, _CELL[0]).T)
    wide = np.concatenate(parts, axis=1)
    height, best = ink.shape[0], np.full((30, len(MRZ_ALPHABET)), -np.inf, dtype=np.float32)
    templates = _templates(on_ink)
    for top, bottom in itertools.product(_TRIMS, _TRIMS):
        if height - top - bottom < _CELL[1]:
            continue
        cut = _box(height - top - bottom, _CELL[1]) @ wide[top : height - bottom]
        found = cut.reshape(_CELL[1], 30, _CELL[0]).transpose(1, 0, 2)
        best = np.maximum(best, _normalise(found) @ templates.T)
    if not np.isfinite(best).any():
        return None
    return "".join(MRZ_ALPHABET[i] for i in (best + _penalties(line)).argmax(axis=1))


def _read_band(band: np.ndarray) -> list[tuple[str, str, str]]:
    """The band's MRZ readings: each line read on the grid and on the ink, every combination
    (the grid's first); the check digits decide which, if any, is right (``card_print``)."""
    if band.size == 0:
        return []
    paper, ink_level = float(np.percentile(band, 90)), float(np.percentile(band, 1))
    if paper - ink_level < 25:
        return []
    ink = np.clip((paper - band) / (paper - ink_level), 0, 1)
    lines = _lines(ink > 0.5)
    if len(lines) != 3:
        return []
    options = []
    for n, (a, b) in enumerate(lines):
        cells = _trim(ink[max(0, a - 1) : b + 1])  # a row of margin: the fit may also widen the line
        read = [_read_line(cells, n, on_ink) for on_ink in (False, True)]
        options.append(list(dict.fromkeys(r for r in read if r is not None)))
    first, second, third = options
    return list(itertools.product(first, second, third))


def _trim(ink: np.ndarray) -> np.ndarray:
    """Keep only the columns of the line (drop specks left of and right of the MRZ)."""
    return np.where(ink > 0.5, ink, 0.0)


def find_mrz(card: Image.Image) -> list[tuple[str, str, str]]:
    """Candidate MRZs of a levelled card: its bottom band, and its top band turned over."""
    a = np.asarray(card.convert("L"), dtype=np.float32)
    h = a.shape[0]
    found: list[tuple[str, str, str]] = []
    for band in (a[int(h * 0.64) : h - max(1, h // 60)], np.rot90(a[max(1, h // 60) : int(h * 0.36)], 2)):
        found += _read_band(np.ascontiguousarray(band))
    return found
