"""DG2's face: a deterministic ID-style portrait drawn with Pillow, JPEG in an ISO 19794-5 record.

Same seed, same picture (and the same bytes for a given Pillow). A little seeded grain gives the
JPEG realistic texture so the file lands in the 10-20 KB of a real card's photo.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from mocks.card.tlv import tlv

__all__ = ["FACE_SIZE", "MAX_JPEG", "MIN_JPEG", "biometric_template", "draw_face", "face_jpeg"]

FACE_SIZE = (300, 400)
MIN_JPEG, MAX_JPEG = 10_000, 20_000
_SKIN = ((241, 204, 170), (224, 179, 140), (205, 156, 116), (181, 132, 96))
_HAIR = ((20, 18, 16), (38, 30, 24), (60, 45, 35), (200, 200, 200))
_SHIRT = ((250, 250, 250), (30, 50, 110), (60, 60, 60), (120, 20, 30))


def draw_face(seed: int, female: bool) -> Image.Image:
    rng = random.Random(f"kiosk-twin-face-{seed}")
    w, h = FACE_SIZE
    img = Image.new("RGB", FACE_SIZE, (232, 240, 250))
    d = ImageDraw.Draw(img)
    skin, hair, shirt = rng.choice(_SKIN), rng.choice(_HAIR), rng.choice(_SHIRT)
    cx, cy = w // 2 + rng.randint(-8, 8), int(h * 0.42) + rng.randint(-6, 6)
    fw, fh = rng.randint(62, 76), rng.randint(84, 98)
    d.ellipse((cx - 150, h - 90, cx + 150, h + 150), fill=shirt)  # shoulders
    d.rectangle((cx - 26, cy + fh - 30, cx + 26, h - 60), fill=skin)  # neck
    if female:
        d.rounded_rectangle((cx - fw - 22, cy - fh - 12, cx + fw + 22, cy + fh + 60), 60, fill=hair)
    d.ellipse((cx - fw - 10, cy - 14, cx - fw + 12, cy + 26), fill=skin)  # ears
    d.ellipse((cx + fw - 12, cy - 14, cx + fw + 10, cy + 26), fill=skin)
    d.ellipse((cx - fw, cy - fh, cx + fw, cy + fh), fill=skin)
    d.chord((cx - fw - 4, cy - fh - 14, cx + fw + 4, cy - fh // 4), 180, 360, fill=hair)
    eye_y, eye_dx = cy - rng.randint(4, 14), rng.randint(24, 30)
    for sx in (-1, 1):
        ex = cx + sx * eye_dx
        d.ellipse((ex - 12, eye_y - 6, ex + 12, eye_y + 6), fill=(250, 250, 250))
        d.ellipse((ex - 5, eye_y - 5, ex + 5, eye_y + 5), fill=(35, 25, 20))
        d.line((ex - 14, eye_y - 16, ex + 12, eye_y - 18 + rng.randint(-2, 2)), fill=hair, width=4)
    shade = (skin[0] - 40, skin[1] - 40, skin[2] - 40)
    d.line((cx, eye_y + 8, cx - 6, cy + 32), fill=shade, width=3)
    d.line((cx - 6, cy + 32, cx + 6, cy + 32), fill=shade, width=3)
    mouth = cy + rng.randint(50, 58)
    d.arc((cx - 22, mouth - 10, cx + 22, mouth + 8), 20, 160, fill=(150, 60, 60), width=4)
    # Seeded sensor grain: flat drawings would compress to a few KB, unlike a real photo.
    grain = Image.frombytes("L", FACE_SIZE, rng.randbytes(w * h)).convert("RGB")
    return Image.blend(img, grain, 0.06)


def face_jpeg(seed: int, female: bool) -> bytes:
    """The portrait as JPEG, quality chosen so the size is within 10-20 KB."""
    img = draw_face(seed, female)
    lo, hi, best = 10, 95, b""
    while lo <= hi:
        quality = (lo + hi) // 2
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=False)
        data = buf.getvalue()
        if len(data) > MAX_JPEG:
            hi = quality - 1
        else:
            best, lo = data, quality + 1
            if len(data) >= MIN_JPEG + 4_000:
                break
    if not MIN_JPEG <= len(best) <= MAX_JPEG:
        raise RuntimeError(f"face JPEG of {len(best)} bytes is outside 10-20 KB")
    return best


def _facial_record(jpeg: bytes, female: bool) -> bytes:
    w, h = FACE_SIZE
    info = (
        (0).to_bytes(2, "big")  # feature points
        + bytes((2 if female else 1, 0, 2))  # gender, eye colour unspecified, hair colour black
        + bytes(3)  # feature mask
        + bytes(2)  # expression unspecified
        + bytes(3)  # pose angles
        + bytes(3)  # pose uncertainty
    )
    image_info = bytes((1, 0)) + w.to_bytes(2, "big") + h.to_bytes(2, "big") + bytes((1, 2)) + bytes(4)
    body = info + image_info + jpeg
    return (len(body) + 4).to_bytes(4, "big") + body


def biometric_template(jpeg: bytes, female: bool) -> bytes:
    """DG2's content (tag 75): one biometric information template with a 19794-5 face record."""
    record = _facial_record(jpeg, female)
    header = b"FAC\x00" + b"010\x00" + (14 + len(record)).to_bytes(4, "big") + (1).to_bytes(2, "big")
    bht = tlv(
        0xA1, tlv(0x80, b"\x01\x01") + tlv(0x81, b"\x02") + tlv(0x87, b"\x01\x01") + tlv(0x88, b"\x00\x08")
    )
    bit = tlv(0x7F60, bht + tlv(0x5F2E, header + record))
    return tlv(0x75, tlv(0x7F61, tlv(0x02, b"\x01") + bit))
