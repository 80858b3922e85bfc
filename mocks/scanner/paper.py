"""What a scanner does to a clean page: paper tone, uneven lamp, slight skew, sensor noise.

Everything is drawn from the generators passed in, so a page is a pure function of its seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image

from reference_kiosk.ports import ColorMode

__all__ = ["ScanEffects", "apply_effects", "paper_tone"]

_LID = (250, 250, 248)  # the white lid fills the corners a skewed sheet leaves uncovered


@dataclass(frozen=True, slots=True)
class ScanEffects:
    """How far a page departs from the clean rendering (zero everywhere: a perfect scan)."""

    max_skew_deg: float = 0.8
    noise_sigma: float = 3.0
    lamp_falloff: float = 0.03  # brightness lost at the far edge of the glass

    @classmethod
    def none(cls) -> ScanEffects:
        return cls(max_skew_deg=0.0, noise_sigma=0.0, lamp_falloff=0.0)


def paper_tone(rng: random.Random) -> tuple[int, int, int]:
    """Off-white, slightly warm, different for every sheet."""
    base = rng.randint(236, 248)
    return (base, base - rng.randint(1, 4), base - rng.randint(5, 12))


def _convert(image: Image.Image, mode: ColorMode) -> Image.Image:
    if mode is ColorMode.COLOR:
        return image.convert("RGB")
    return image.convert("L")


def _lamp(array: np.ndarray, falloff: float) -> np.ndarray:
    if falloff <= 0:
        return array
    height = array.shape[0]
    profile = 1.0 - falloff * np.linspace(0.0, 1.0, height, dtype=np.float32) ** 2
    shape = (height, 1, 1) if array.ndim == 3 else (height, 1)
    result: np.ndarray = array * profile.reshape(shape)
    return result


def apply_effects(
    clean: Image.Image, mode: ColorMode, effects: ScanEffects, rng: random.Random, noise: np.random.Generator
) -> Image.Image:
    """Turn a clean RGB rendering into what the sensor would deliver in ``mode``."""
    image = clean
    angle = rng.uniform(-effects.max_skew_deg, effects.max_skew_deg)
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=_LID)
    image = _convert(image, mode)  # noise only on the channels the sensor reports (cheaper in gray)
    if effects.noise_sigma > 0 or effects.lamp_falloff > 0:
        array = _lamp(np.asarray(image, dtype=np.float32), effects.lamp_falloff)
        if effects.noise_sigma > 0:
            array = array + noise.normal(0.0, effects.noise_sigma, size=array.shape).astype(np.float32)
        image = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8), image.mode)
    if mode is ColorMode.LINEART:
        image = image.point(lambda v: 255 if v > 150 else 0).convert("1")
    return image
