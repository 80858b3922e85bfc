"""Every compressed stream of an uploaded PDF is inflated once, incrementally, against caps.

A 204 KB page content stream can inflate to 200 MB; parsing never inflates it, so it was stored
and the official's viewer paid. Here each stream of the file (every object of the xref, reachable
or not) whose first filter is ``/FlateDecode`` is inflated with ``zlib.decompressobj`` in steps of
``max_length`` bytes, output thrown away, and refused (``CompressionBombError``) as soon as it
passes its cap, so refusing a bomb costs about what its cap is worth, never its full size:

* an image XObject: its declared raster (width x height x 4 components x bits, plus one PNG
  predictor byte a row), already bounded by the pixel limits; more than that is a lie;
* any other stream: ``max_inflate_ratio`` times its compressed size, at least 1 MB;
* all streams of one request together: the request's inflate budget (``DecodeBudget``).

LZW and run-length streams (expanding filters with no incremental cap here) and Flate behind
another filter are refused as unreadable: scanners and the kiosk's pipeline write neither.
"""

from __future__ import annotations

import math
import zlib
from typing import Any, Protocol

import pypdf
from pypdf.generic import ArrayObject, IndirectObject, NameObject, StreamObject

from mocks.backend.errors import CompressionBombError, UnreadableDocumentError

__all__ = ["InflateBudget", "check_streams"]

_STEP = 256 * 1024  # bytes of output per decompress call: the most held at once
_MIN_CAP = 1024 * 1024
_FLATE = frozenset({"/FlateDecode", "/Fl"})
_REFUSED = frozenset({"/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"})


class InflateBudget(Protocol):
    def spend_inflate(self, count: int, what: str) -> None: ...


def check_streams(reader: pypdf.PdfReader, ratio: int, max_objects: int, budget: InflateBudget) -> None:
    """Inflate-check every stream object of the file (raises a named 422)."""
    numbers = [(number, generation) for generation, table in reader.xref.items() for number in table]
    if len(numbers) > max_objects:
        raise UnreadableDocumentError(f"document has more than {max_objects} objects")
    for number, generation in numbers:
        item = reader.get_object(IndirectObject(number, generation, reader))
        if isinstance(item, StreamObject):
            _check_stream(item, f"object {number}", ratio, budget)


def _filters(stream: StreamObject) -> list[str]:
    value: Any = stream.get("/Filter")
    value = value.get_object() if value is not None else None
    if value is None:
        return []
    items = value if isinstance(value, ArrayObject) else [value]
    names = [item.get_object() for item in items]
    if not all(isinstance(name, NameObject) for name in names):
        raise UnreadableDocumentError("a stream names its filters wrongly")
    return [str(name) for name in names]


def _check_stream(stream: StreamObject, what: str, ratio: int, budget: InflateBudget) -> None:
    filters = _filters(stream)
    if _REFUSED.intersection(filters) or _FLATE.intersection(filters[1:]):
        raise UnreadableDocumentError(f"{what} uses a compression this system does not accept")
    if not filters or filters[0] not in _FLATE:
        return
    raw: bytes = stream._data  # the encoded bytes (get_data would inflate them whole)
    _inflate(raw, _cap(stream, len(raw), ratio), what, budget)


def _cap(stream: StreamObject, compressed: int, ratio: int) -> int:
    if stream.get("/Subtype") == "/Image":
        width, height = stream.get("/Width"), stream.get("/Height")
        bits = stream.get("/BitsPerComponent", 8)
        if isinstance(width, int) and isinstance(height, int) and isinstance(bits, int):
            return max(height, 1) * (1 + math.ceil(max(width, 1) * 4 * min(max(bits, 1), 16) / 8))
    return max(_MIN_CAP, ratio * compressed)


def _inflate(raw: bytes, cap: int, what: str, budget: InflateBudget) -> None:
    inflater = zlib.decompressobj()
    pending = raw
    total = 0
    try:
        while pending and not inflater.eof:
            out = inflater.decompress(pending, _STEP)
            pending = inflater.unconsumed_tail
            total += len(out)
            budget.spend_inflate(len(out), what)
            if total > cap:
                raise CompressionBombError(f"{what} inflates past {cap} bytes")
            if not out and pending:
                break  # no progress: the decoder wants input it will not get
    except zlib.error as exc:
        raise UnreadableDocumentError(f"{what} is not valid Flate data") from exc
