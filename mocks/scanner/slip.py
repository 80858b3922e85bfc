"""The appointment slip (phiếu hẹn) the kiosk printed, laid on the glass's card corner (issue 15.4).

An 80 mm thermal receipt: the procedure, the dossier code in large type and the tracking QR the
kiosk prints (``KioskConfig.tracking_payload``); no personal data, as on the real slip.
"""

from __future__ import annotations

from PIL import Image

from mocks.scanner.canvas import Canvas
from mocks.scanner.glass import GlassItem, Placement, place_on_glass

__all__ = ["SLIP_MM", "slip_on_glass"]

SLIP_MM = (80.0, 95.0)


def render_slip(code: str, tracking_url: str, dpi: int, damaged: bool = False) -> Image.Image:
    c = Canvas.blank(dpi, (252, 252, 250), SLIP_MM)
    c.centered(4, "PHIẾU HẸN TRẢ KẾT QUẢ", 9, "Bold", x=40)
    c.centered(9.5, "Bộ phận Một cửa", 7, x=40)
    c.centered(16, "Mã hồ sơ / Dossier code", 6.5, x=40)
    c.centered(20, code, 11, "Bold", x=40)
    c.qr(22.5, 30, 35, tracking_url)
    c.centered(68, "Quét mã để tra cứu hồ sơ", 6.5, x=40)
    if damaged:  # torn and crumpled over the QR
        c.rect(20, 40, 60, 58, width_mm=0.1, fill=(252, 252, 250))
    c.image.info["dpi"] = (dpi, dpi)
    return c.image


def slip_on_glass(
    code: str, tracking_url: str, placement: Placement | None = None, *, damaged: bool = False
) -> GlassItem:
    """For ``ScannerControl.lay_on_glass``: the slip turned and shifted as ``placement`` says."""

    def render(dpi: int) -> Image.Image:
        return place_on_glass(render_slip(code, tracking_url, dpi, damaged), dpi, placement or Placement())

    return render
