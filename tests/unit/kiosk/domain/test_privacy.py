"""One masking policy for ID numbers (and names), written once and used everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reference_kiosk.domain.privacy import initials, mask_id_number

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("shown", "masked"),
    [
        ("020190012345", "*********345"),  # province, sex/century and year of birth hidden
        ("0201900", "****900"),  # seven digits typed so far
        ("020190", "******"),  # shorter: its tail would be most of it
        ("", ""),
    ],
)
def test_an_id_number_shows_its_last_three_digits_only(shown: str, masked: str) -> None:
    assert mask_id_number(shown) == masked
    assert len(mask_id_number(shown)) == len(shown)  # the layout does not move


def test_a_name_shows_its_initials() -> None:
    assert initials("Hoàng  Thị Lan") == "H. T. L."


def test_masking_is_defined_once() -> None:
    """Three copies under two policies drifted apart once: no other module defines a mask."""
    defined = [
        f"{path.relative_to(ROOT).as_posix()}:{node.name}"
        for package in ("reference_kiosk", "mocks")
        for path in sorted((ROOT / package).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.lstrip("_").startswith("mask")
    ]
    assert defined == ["reference_kiosk/domain/privacy.py:mask_id_number"]
