"""``SaneScanner``: the ``Scanner`` port on python-sane, for real scanners and SANE's ``test`` backend.

python-sane exposes options as dynamic attributes and raises ``_sane.error`` carrying SANE's
status text; both stay inside this module. Settings are fitted to what the device offers:

    mode        ColorMode -> the device's own name ("Gray", "Grayscale", "True Gray", "Color",
                "24bit Color", "Lineart", "Binary"...); a missing mode is scanned in another one
                and converted, so the page always comes back in the mode asked for
    resolution  snapped to the nearest value the device allows (list or range with step)
    source      "Flatbed" / "Automatic Document Feeder" / "ADF" / "ADF Front"...
    geometry    A4 (210 x 297 mm) clipped to the device's scan area, where settable

``sane.init()``/``sane.exit()`` are process-wide; a count of open scanners pairs them.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import re
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image

from reference_kiosk.devices.errors import (
    CoverOpenError,
    FeederEmptyError,
    FeederJammedError,
    NoScannerError,
    ScannerBusyError,
    ScannerError,
    ScannerIOError,
)
from reference_kiosk.ports import ColorMode, ScannedPage, ScannerInfo, ScanSettings, ScanSource

__all__ = [
    "SaneDevice",
    "SaneScanner",
    "choose_mode",
    "choose_source",
    "ignore_sigpipe",
    "list_devices",
    "map_sane_error",
    "snap_resolution",
]

A4_MM = (210.0, 297.0)

# sane_strstatus() texts (SANE 1.0/1.1) -> the port's named errors.
_STATUS_ERRORS: dict[str, type[ScannerError]] = {
    "Document feeder jammed": FeederJammedError,
    "Document feeder out of documents": FeederEmptyError,
    "Scanner cover is open": CoverOpenError,
    "Device busy": ScannerBusyError,
    "Lamp not ready, please retry": ScannerBusyError,  # SANE_STATUS_WARMING_UP
    "Error during device I/O": ScannerIOError,
    "Out of memory": ScannerIOError,
    "Scanner returned no data": ScannerIOError,  # python-sane's own RuntimeError on SANE_STATUS_EOF
    "Access to resource has been denied": NoScannerError,
    "Scanner mechanism locked for transport": NoScannerError,  # SANE_STATUS_HW_LOCKED
    # "Operation not supported", "Operation was canceled", "Invalid argument": plain ScannerError
}

_MODE_NAMES: dict[ColorMode, tuple[str, ...]] = {
    ColorMode.COLOR: ("color", "colour", "24bit color", "rgb"),
    ColorMode.GRAY: ("gray", "grey", "grayscale", "greyscale", "true gray", "8bit gray"),
    ColorMode.LINEART: ("lineart", "binary", "black & white", "halftone", "monochrome"),
}

_SETTLE_S = 0.2  # pause before cancelling a failed scan (see SaneScanner._read)
_sane_lock = threading.Lock()
_sane_users = 0  # open SaneScanner instances: sane.exit() only when the last one closes


def map_sane_error(exc: BaseException, action: str) -> ScannerError:
    """The named error for a python-sane failure (``_sane.error`` or its no-data RuntimeError)."""
    status = str(exc).strip()
    kind = _STATUS_ERRORS.get(status, ScannerError)
    return kind(f"{action}: {status}")


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def choose_mode(mode: ColorMode, offered: Sequence[str]) -> str | None:
    """The device's name for ``mode``, or None when it has no such mode."""
    wanted = _MODE_NAMES[mode]
    for name in offered:
        if _normal(name) in wanted:
            return name
    for name in offered:  # "Color (48 bit)", "Gray [16]": prefix matches come second
        if any(_normal(name).startswith(w) for w in wanted):
            return name
    return None


def choose_source(source: ScanSource, offered: Sequence[str]) -> str | None:
    """The device's name for ``source`` (a simplex feeder preferred over duplex)."""
    normal = [(_normal(n), n) for n in offered]
    if source is ScanSource.FLATBED:
        return next((n for low, n in normal if "flatbed" in low or low in {"normal", "glass"}), None)
    feeders = [(low, n) for low, n in normal if "feeder" in low or re.search(r"\badf\b", low)]
    simplex = [n for low, n in feeders if "duplex" not in low and "back" not in low]
    candidates = simplex or [n for _, n in feeders]
    return candidates[0] if candidates else None


_SANE_TYPE_INT = 1  # SANE_Value_Type: 0 bool, 1 int, 2 fixed, 3 string


def snap_resolution(dpi: int, constraint: Any) -> float:
    """Nearest allowed resolution for a list constraint or a (min, max, step) range."""
    if isinstance(constraint, tuple) and len(constraint) == 3:  # python-sane gives ranges as tuples
        low, high, step = (float(v) for v in constraint)
        value = min(max(float(dpi), low), high)
        if step > 0:
            value = low + round((value - low) / step) * step
        return min(value, high)
    if isinstance(constraint, list) and constraint:
        return float(min(constraint, key=lambda v: (abs(float(v) - dpi), -float(v))))
    return float(dpi)


@dataclass(frozen=True, slots=True)
class SaneDevice:
    name: str
    vendor: str
    model: str
    kind: str


def _sane_module() -> Any:
    try:
        import sane
    except ImportError as exc:  # python-sane is an optional extra ("devices")
        raise NoScannerError("python-sane is not installed: pip install 'kiosk-twin[devices]'") from exc
    return sane


def _acquire() -> Any:
    global _sane_users
    sane = _sane_module()
    with _sane_lock:
        if _sane_users == 0:
            try:
                sane.init()
            except Exception as exc:
                raise map_sane_error(exc, "init") from exc
        _sane_users += 1
    return sane


def _release(sane: Any) -> None:
    global _sane_users
    with _sane_lock:
        _sane_users -= 1
        if _sane_users == 0:
            sane.exit()


def list_devices() -> tuple[SaneDevice, ...]:
    """Scanners SANE can see now (network backends may take a few seconds)."""
    sane = _acquire()
    try:
        return tuple(SaneDevice(*entry) for entry in sane.get_devices())
    except Exception as exc:
        raise map_sane_error(exc, "list devices") from exc
    finally:
        _release(sane)


class SaneScanner:
    """One SANE device. ``SaneScanner.open()`` picks the first scanner, or the one named."""

    def __init__(self, sane: Any, device: Any, name: str) -> None:
        self._sane = sane
        self._dev = device
        self._name = name
        # Settings of the ADF batch open on the device (sheets follow without a cancel between).
        self._feeding: ScanSettings | None = None
        self._feeding_dpi = 0
        self._closed = False

    @classmethod
    def open(cls, name: str | None = None) -> SaneScanner:
        sane = _acquire()
        try:
            if name is None:
                found = sane.get_devices()
                if not found:
                    raise NoScannerError("no SANE scanner found")
                name = str(found[0][0])
            device = sane.open(name)
        except NoScannerError:
            _release(sane)
            raise
        except Exception as exc:
            _release(sane)
            raise NoScannerError(f"cannot open {name!r}: {exc}") from exc
        return cls(sane, device, name)

    # ------------------------------------------------------------------ options

    def _constraint(self, option: str) -> Any:
        opt = self._dev.opt.get(option)
        return None if opt is None or not opt.is_active() else opt.constraint

    def _settable(self, option: str) -> bool:
        opt = self._dev.opt.get(option)
        return bool(opt is not None and opt.is_active() and opt.is_settable())

    def set_option(self, option: str, value: object) -> None:
        """Set a backend-specific option by its SANE name (``-`` or ``_``), e.g. the test
        backend's ``test-picture``; kept until changed. Unknown options raise ScannerError.
        SANE refuses options while a scan is open: an open feeder batch ends first (the next
        ``scan`` starts a new one)."""
        self._check_open()
        self._end_batch()
        key = option.replace("-", "_")
        if not self._settable(key):
            raise ScannerError(f"option {option!r} is not settable on {self._name}")
        self._set(key, value)

    def _set(self, key: str, value: object) -> None:
        try:
            setattr(self._dev, key, value)
        except AttributeError as exc:
            raise ScannerError(f"option {key}: {exc}") from exc
        except Exception as exc:
            raise map_sane_error(exc, f"set {key}") from exc

    def _apply(self, settings: ScanSettings) -> int:
        """Fit ``settings`` to the device; return the resolution actually set."""
        sources = self._constraint("source")
        if isinstance(sources, list):
            chosen = choose_source(settings.source, sources)
            if chosen is None:
                raise ScannerError(f"{self._name} has no {settings.source.value} source")
            self._set("source", chosen)
        elif settings.source is ScanSource.ADF:
            raise ScannerError(f"{self._name} has no document feeder")
        self._apply_mode(settings.mode)
        dpi = settings.dpi
        if self._settable("resolution"):
            value = snap_resolution(settings.dpi, self._constraint("resolution"))
            # SANE_TYPE_INT options (pnm's, many drivers') refuse a float; SANE_TYPE_FIXED takes one.
            self._set(
                "resolution", round(value) if self._dev.opt["resolution"].type == _SANE_TYPE_INT else value
            )
            dpi = round(float(self._dev.resolution))
        self._apply_geometry(settings.area_mm)
        return dpi

    def _apply_mode(self, mode: ColorMode) -> None:
        modes = self._constraint("mode")
        if not isinstance(modes, list):
            return
        fallbacks = {ColorMode.LINEART: ColorMode.GRAY, ColorMode.GRAY: ColorMode.COLOR}
        chosen = choose_mode(mode, modes) or choose_mode(fallbacks.get(mode, ColorMode.GRAY), modes)
        if chosen is not None:
            self._set("mode", chosen)
        depths = self._constraint("depth")
        if (
            mode is not ColorMode.LINEART
            and isinstance(depths, list)
            and 8 in depths
            and self._settable("depth")
        ):
            self._set("depth", 8)

    def _apply_geometry(self, area: tuple[float, float, float, float] | None = None) -> None:
        left, top, right, bottom = area or (None, None, A4_MM[0], A4_MM[1])
        for key, target in (("tl_x", left), ("tl_y", top), ("br_x", right), ("br_y", bottom)):
            rng = self._constraint(key)
            if not self._settable(key) or not isinstance(rng, tuple):
                continue
            low, high = float(rng[0]), float(rng[1])
            self._set(key, low if target is None else min(max(target, low), high))

    # ------------------------------------------------------------------ the port

    def describe(self) -> ScannerInfo:
        vendor, model = "", ""
        with contextlib.suppress(Exception):  # not listed by get_devices (opened by name): still usable
            vendor, model = (str(v) for v in self._dev.scanner_model)
        sources = self._constraint("source")
        found = (
            tuple(s for s in ScanSource if choose_source(s, sources) is not None)
            if isinstance(sources, list)
            else (ScanSource.FLATBED,)
        )
        modes = self._constraint("mode")
        offered = tuple(m for m in ColorMode if isinstance(modes, list) and choose_mode(m, modes))
        res = self._constraint("resolution")
        if isinstance(res, list):
            resolutions = tuple(sorted(int(v) for v in res))
        else:
            resolutions = tuple(r for r in (75, 100, 150, 200, 300, 600) if snap_resolution(r, res) == r)
        return ScannerInfo(self._name, vendor, model, found, offered, resolutions)

    def scan(self, settings: ScanSettings) -> ScannedPage:
        """One page; from the feeder, consecutive calls with the same settings feed the next sheet."""
        self._check_open()
        if settings.source is ScanSource.ADF and self._feeding == settings:
            dpi = self._feeding_dpi
        else:
            self._end_batch()
            dpi = self._apply(settings)
        feeding = settings.source is ScanSource.ADF
        image = self._read(keep_feeding=feeding)
        if feeding:
            self._feeding, self._feeding_dpi = settings, dpi
        return ScannedPage(image=_to_mode(image, settings.mode, dpi), dpi=dpi, source=settings.source)

    def scan_batch(self, settings: ScanSettings, max_pages: int | None = None) -> Iterator[ScannedPage]:
        self._check_open()
        if settings.source is ScanSource.FLATBED:
            yield self.scan(settings)
            return
        self._end_batch()
        dpi = self._apply(settings)
        index = 0
        try:
            while max_pages is None or index < max_pages:
                try:
                    image = self._read(keep_feeding=True)
                except FeederEmptyError:
                    if index == 0:
                        raise
                    return
                yield ScannedPage(_to_mode(image, settings.mode, dpi), dpi, ScanSource.ADF, index)
                index += 1
        finally:
            self._end_batch(force=True)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._end_batch()
            self._dev.close()
        finally:
            _release(self._sane)
            ignore_sigpipe()

    # ------------------------------------------------------------------ internals

    def _check_open(self) -> None:
        if self._closed:
            raise NoScannerError(f"{self._name} is closed")

    def _read(self, keep_feeding: bool) -> Image.Image:
        # snap(no_cancel=True) always: on failure *we* cancel, after letting the backend settle.
        try:
            self._dev.start()
            image: Image.Image = self._dev.snap(no_cancel=True)
        except Exception as exc:
            # Backends built on sanei_thread cancel their reader thread asynchronously; a cancel
            # that lands while the reader is still in malloc/free (its first or last moments)
            # can leave the allocator locked and hang the kiosk. A short pause lets it reach
            # its blocking write (or finish) first. Error path only.
            time.sleep(_SETTLE_S)
            self._end_batch(force=True)
            raise map_sane_error(exc, "scan") from exc
        ignore_sigpipe()  # this page's reader thread has ended (the error path's cancel does it too)
        if not keep_feeding:
            self._end_batch(force=True)
        return image

    def _end_batch(self, force: bool = False) -> None:
        if self._feeding is not None or force:
            self._feeding = None
            with contextlib.suppress(Exception):  # cancelling an idle or failed device is harmless
                self._dev.cancel()
            ignore_sigpipe()  # the cancelled reader thread may have ended just now


def ignore_sigpipe() -> None:
    """Put SIGPIPE back to ignored, process-wide, after libsane's reader thread has ended.

    Python ignores SIGPIPE so that a write to a closed socket raises ``BrokenPipeError``; but
    ``sanei_thread`` (under the test backend and many real ones) sets it back to the default when
    its reader ends, after which a backend closing a connection mid-write kills the whole kiosk
    without a word. ``signal.signal`` works only in the main thread and scans run in a worker, so
    the C library is asked directly."""
    _libc_signal()(signal.SIGPIPE, ctypes.c_void_p(int(signal.SIG_IGN)))


@functools.cache
def _libc_signal() -> Any:
    """libc's ``signal``, looked up once."""
    libc_signal = ctypes.CDLL(None, use_errno=True).signal
    libc_signal.restype = ctypes.c_void_p
    libc_signal.argtypes = (ctypes.c_int, ctypes.c_void_p)
    return libc_signal


def _to_mode(image: Image.Image, mode: ColorMode, dpi: int) -> Image.Image:
    """The page in the mode asked for, whatever the device delivered."""
    if mode is ColorMode.COLOR:
        out = image.convert("RGB")
    elif mode is ColorMode.GRAY:
        out = image.convert("L")
    else:
        out = (
            image
            if image.mode == "1"
            else image.convert("L").point(lambda v: 255 if v > 127 else 0).convert("1")
        )
    out.info["dpi"] = (dpi, dpi)
    return out
