"""A JPEG's layout read from its markers alone, before any decoder touches it.

What a decode costs is known from the markers: the frame header (SOF) gives the size and each
component's sampling, so the number of 8x8 blocks; every scan (SOS) names the components it
codes, and a decoder visits each of their blocks once per scan. A progressive or multi-scan
file also makes libjpeg hold every block's 64 coefficients (2 bytes each) until the last scan.
A 324 KB file with 1,000 scans over a large frame costs tens of seconds of CPU though it is small
and within every pixel bound; its layout shows that in microseconds.

Entropy-coded data never contains a marker (0xFF is stuffed as FF 00; RSTn only sit between
intervals), so the walk jumps from one scan's header to the next marker with one regex search.
Counting stops at ``max_scans``, so reading the layout of a hostile file costs no more than
reading that many scans.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from mocks.backend.errors import DecodeTooCostlyError, UnreadableDocumentError

__all__ = ["JpegLayout", "read_layout"]

_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # after FF fill bytes; not stuffing or RSTn
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0-7: no length field
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC9, 0xCA})  # baseline, extended, progressive (Huffman, arithmetic)
_PROGRESSIVE = frozenset({0xC2, 0xCA})
_OTHER_SOF = frozenset({0xC3, 0xC5, 0xC6, 0xC7, 0xCB, 0xCD, 0xCE, 0xCF})  # lossless, hierarchical


@dataclass(frozen=True, slots=True)
class JpegLayout:
    width: int
    height: int
    progressive: bool
    blocks: tuple[int, ...]  # 8x8 blocks of each component, in frame order
    scans: int
    block_visits: int  # blocks a decoder visits over all scans

    @property
    def buffered(self) -> bool:
        """Whether libjpeg keeps every coefficient until the end (progressive or several scans)."""
        return self.progressive or self.scans > 1

    @property
    def coefficient_bytes(self) -> int:
        return sum(self.blocks) * 64 * 2


@dataclass(slots=True)
class _Frame:
    width: int
    height: int
    progressive: bool
    ids: tuple[int, ...]
    blocks: tuple[int, ...]


def read_layout(data: bytes, max_scans: int, what: str = "image") -> JpegLayout:
    """The layout of ``data``; ``DecodeTooCostlyError`` past ``max_scans`` scans."""
    if not data.startswith(b"\xff\xd8"):
        raise UnreadableDocumentError(f"{what} is not a JPEG")
    frame: _Frame | None = None
    scans = visits = 0
    at = 2
    while at < len(data) - 1:
        found = _NEXT_MARKER.search(data, at)
        if found is None:
            break  # no end marker: the decoder finds the truncation
        at = found.start()
        marker = data[at + 1]
        if marker == 0xD9:  # EOI
            break
        if marker in _STANDALONE:
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        segment = data[at + 4 : at + 2 + length]
        if length < 2 or len(segment) != length - 2:
            raise UnreadableDocumentError(f"{what} has a truncated marker segment")
        if marker in _OTHER_SOF:
            raise UnreadableDocumentError(f"{what} uses a JPEG process scanners do not write")
        if marker in _SOF:
            if frame is not None:
                raise UnreadableDocumentError(f"{what} has two frame headers")
            frame = _frame(segment, marker in _PROGRESSIVE, what)
        elif marker == 0xDA:  # SOS
            if frame is None:
                raise UnreadableDocumentError(f"{what} has a scan before its frame header")
            scans += 1
            if scans > max_scans:
                raise DecodeTooCostlyError(f"{what} has more than {max_scans} scans")
            visits += _scan_blocks(segment, frame, what)
        at += 2 + length
    if frame is None:
        raise UnreadableDocumentError(f"{what} has no frame header")
    return JpegLayout(frame.width, frame.height, frame.progressive, frame.blocks, scans, visits)


def _frame(segment: bytes, progressive: bool, what: str) -> _Frame:
    if len(segment) < 6:
        raise UnreadableDocumentError(f"{what} has a truncated frame header")
    height, width, count = (
        int.from_bytes(segment[1:3], "big"),
        int.from_bytes(segment[3:5], "big"),
        segment[5],
    )
    specs = segment[6 : 6 + 3 * count]
    if count not in (1, 3, 4) or len(specs) != 3 * count:
        raise UnreadableDocumentError(f"{what} declares {count} colour components")
    ids = tuple(specs[i] for i in range(0, len(specs), 3))
    sampling = [(specs[i + 1] >> 4, specs[i + 1] & 0x0F) for i in range(0, len(specs), 3)]
    if any(not (1 <= h <= 4 and 1 <= v <= 4) for h, v in sampling):
        raise UnreadableDocumentError(f"{what} declares impossible sampling factors")
    h_max, v_max = max(h for h, _ in sampling), max(v for _, v in sampling)
    blocks = tuple(
        math.ceil(math.ceil(width * h / h_max) / 8) * math.ceil(math.ceil(height * v / v_max) / 8)
        for h, v in sampling
    )
    return _Frame(width, height, progressive, ids, blocks)


def _scan_blocks(segment: bytes, frame: _Frame, what: str) -> int:
    """Blocks a decoder visits in this scan: those of the components it names."""
    count = segment[0] if segment else 0
    named = segment[1 : 1 + 2 * count : 2]
    if not 1 <= count <= 4 or len(named) != count:
        raise UnreadableDocumentError(f"{what} has a malformed scan header")
    try:
        return sum(frame.blocks[frame.ids.index(component)] for component in named)
    except ValueError as exc:
        raise UnreadableDocumentError(f"{what} scans a component its frame lacks") from exc
