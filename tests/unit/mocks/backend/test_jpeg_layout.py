"""A JPEG's layout from its markers: blocks per component, scans, block visits, refusals."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, JpegImagePlugin

from mocks.backend.errors import DecodeTooCostlyError, UnreadableDocumentError
from mocks.backend.jpeg_layout import read_layout
from tests.support.uploads import jpeg, jpeg_segments, many_scans_jpeg, progressive_jpeg


def _save(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def test_a_baseline_colour_jpeg_has_one_scan_over_subsampled_blocks() -> None:
    layout = read_layout(_save(Image.new("RGB", (64, 48)), subsampling="4:2:0"), max_scans=32)
    # Y: 8 x 6 blocks; Cb and Cr at half size each way: 4 x 3 blocks.
    assert (layout.width, layout.height, layout.blocks, layout.scans) == (64, 48, (48, 12, 12), 1)
    assert (layout.block_visits, layout.progressive, layout.buffered) == (72, False, False)


def test_partial_blocks_round_up() -> None:
    layout = read_layout(_save(Image.new("L", (9, 17))), max_scans=32)
    assert layout.blocks == (2 * 3,)


def test_a_progressive_jpeg_counts_every_scan_and_its_coefficients() -> None:
    layout = read_layout(progressive_jpeg((80, 80), "L"), max_scans=32)
    assert layout.progressive
    assert layout.buffered
    assert layout.scans > 1
    assert layout.block_visits == 100 * layout.scans  # each grey scan visits all 10 x 10 blocks
    assert layout.coefficient_bytes == 100 * 128


def test_scan_counting_stops_at_the_bound() -> None:
    assert read_layout(many_scans_jpeg((64, 64), 40), max_scans=40).scans == 40
    with pytest.raises(DecodeTooCostlyError, match="more than 39 scans"):
        read_layout(many_scans_jpeg((64, 64), 40), max_scans=39)


def test_marker_bytes_inside_a_comment_are_not_scans() -> None:
    data = _save(Image.new("L", (16, 16)), comment=b"\xff\xda\xff\xda\xff\xc2")
    assert read_layout(data, max_scans=32).scans == 1


def test_restart_markers_and_fill_bytes_are_skipped() -> None:
    data = _save(Image.new("L", (256, 64), 90), restart_marker_blocks=1)
    assert b"\xff\xd0" in data
    eoi = data.rindex(b"\xff\xd9")
    assert read_layout(data[:eoi] + b"\xff\xff\xff\xd9", max_scans=32).scans == 1


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a",
        b"\xff\xd8\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00",  # a scan before any frame
        jpeg()[:30],  # cut inside a segment
        b"\xff\xd8\xff\xd9",  # no frame at all
        jpeg().replace(b"\xff\xc0", b"\xff\xc3", 1),  # lossless: no scanner writes it
    ],
    ids=["not-jpeg", "scan-first", "truncated-segment", "no-frame", "lossless"],
)
def test_malformed_layouts_are_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableDocumentError):
        read_layout(data, max_scans=32)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 300),
    st.integers(1, 300),
    st.sampled_from(["L", "RGB", "CMYK"]),
    st.booleans(),
    st.sampled_from(["4:4:4", "4:2:2", "4:2:0"]),
)
def test_the_layout_agrees_with_pillow_and_an_independent_marker_walk(
    width: int, height: int, mode: str, progressive: bool, subsampling: str
) -> None:
    data = _save(Image.new(mode, (width, height)), progressive=progressive, subsampling=subsampling)
    layout = read_layout(data, max_scans=64)
    with Image.open(io.BytesIO(data)) as image:
        assert isinstance(image, JpegImagePlugin.JpegImageFile)
        sampling = [(h, v) for _, h, v, _ in image.layer]  # Pillow's own reading of the frame
    h_max, v_max = max(h for h, _ in sampling), max(v for _, v in sampling)
    expected = tuple(_up(_up(width * h, h_max), 8) * _up(_up(height * v, v_max), 8) for h, v in sampling)
    assert (layout.width, layout.height, layout.progressive) == (width, height, progressive)
    assert layout.blocks == expected
    assert layout.scans == sum(1 for marker, _, _ in jpeg_segments(data) if marker == 0xDA)


def _up(count: int, by: int) -> int:
    """``count / by`` rounded up (a partial block or sample is a whole one)."""
    return (count + by - 1) // by
