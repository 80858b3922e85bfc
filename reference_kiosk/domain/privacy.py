"""How personal data is shown when it must be shown at all: one policy for every screen and line.

An ID number (CCCD, 12 digits) shows its last three digits only, on the citizen's screens, in
screenshots that leave the kiosk, in technicians' output and in the demo's narration:

    mask_id_number("020190012345") -> "*********345"

The first three digits are the province of birth and the next three the sex, century and year
of birth, so they tell a bystander about the person; the last three are a serial, enough for
citizens to recognise their own card beside their name. The mask keeps the number's length, so
a layout does not move between the typed and the masked number. A name shows its initials.
"""

from __future__ import annotations

__all__ = ["initials", "mask_id_number"]

_SHOWN = 3  # trailing digits left visible
_SHORTEST_SHOWN = 7  # a shorter value (a number half typed) is hidden whole: its tail says too much


def mask_id_number(id_number: str) -> str:
    """All but the last three characters hidden; a value shorter than seven hidden whole."""
    if len(id_number) < _SHORTEST_SHOWN:
        return "*" * len(id_number)
    return "*" * (len(id_number) - _SHOWN) + id_number[-_SHOWN:]


def initials(name: str) -> str:
    """ "Hoàng Văn Nam" -> "H. V. N." """
    return " ".join(f"{word[0]}." for word in name.split() if word)
