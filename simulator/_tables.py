"""Read a TOML table while tracking the key path, so every error names the offending key."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from simulator.distributions import Distribution, from_spec
from simulator.errors import ScenarioError

__all__ = ["Table", "parse_clock"]


def parse_clock(text: object, key: str) -> int:
    """ "07:30" -> minutes after midnight; "24:00" is allowed as the end of a day."""
    if not isinstance(text, str) or len(text.split(":")) != 2:
        raise ScenarioError(key, f"must be a time like '07:30', got {text!r}")
    hh, mm = text.split(":")
    if not (hh.isdigit() and mm.isdigit()) or int(mm) >= 60 or int(hh) * 60 + int(mm) > 24 * 60:
        raise ScenarioError(key, f"must be a time between '00:00' and '24:00', got {text!r}")
    return int(hh) * 60 + int(mm)


class Table:
    """A view of one TOML table; ``done()`` rejects keys nobody asked for (typos)."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise ScenarioError(path or "<scenario>", f"must be a table, got {type(data).__name__}")
        self.data: Mapping[str, Any] = data
        self.path = path
        self._seen: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: object = None) -> Any:
        self._seen.add(name)
        return self.data.get(name, default)

    def required(self, name: str) -> Any:
        self._seen.add(name)
        if name not in self.data:
            raise ScenarioError(self.key(name), "is required")
        return self.data[name]

    def number(self, name: str, default: float | None = None, lo: float = 0.0, hi: float = math.inf) -> float:
        value = self.required(name) if default is None else self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ScenarioError(self.key(name), f"must be a number, got {value!r}")
        if not lo <= value <= hi:
            raise ScenarioError(self.key(name), f"must be between {lo} and {hi}, got {value!r}")
        return float(value)

    def integer(self, name: str, default: int | None = None, lo: int = 0, hi: int = 10**9) -> int:
        value = self.required(name) if default is None else self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScenarioError(self.key(name), f"must be a whole number, got {value!r}")
        if not lo <= value <= hi:
            raise ScenarioError(self.key(name), f"must be between {lo} and {hi}, got {value!r}")
        return value

    def text(self, name: str, default: str | None = None, choices: tuple[str, ...] = ()) -> str:
        value = self.required(name) if default is None else self.raw(name, default)
        if not isinstance(value, str) or not value:
            raise ScenarioError(self.key(name), f"must be a non-empty string, got {value!r}")
        if choices and value not in choices:
            raise ScenarioError(self.key(name), f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    def distribution(self, name: str, required: bool = True) -> Distribution | None:
        if not required and name not in self.data:
            self._seen.add(name)
            return None
        return from_spec(self.required(name), self.key(name))

    def sub(self, name: str) -> Table:
        return Table(self.raw(name, {}), self.key(name))

    def items(self, name: str) -> list[Table]:
        value = self.raw(name, [])
        if not isinstance(value, list):
            raise ScenarioError(self.key(name), "must be an array of tables ([[...]])")
        return [Table(v, f"{self.key(name)}[{i}]") for i, v in enumerate(value)]

    def done(self) -> None:
        unknown = sorted(set(self.data) - self._seen)
        if unknown:
            raise ScenarioError(self.key(unknown[0]), "is not a known key (misspelt?)")
