"""The ``kiosk-twin backend`` command: options, and what it hands to uvicorn."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from mocks.commands import backend as command


def test_options_and_run_without_a_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    command.configure(parser)
    db = tmp_path / "sub" / "b.sqlite"
    args = parser.parse_args(["--port", "9123", "--db", str(db), "--kiosk-key", "K=abc", "--control",
                              "--population", "3", "--population-seed", "40"])  # fmt: skip
    served: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        served.update(app=app, **options)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    assert command.run(args) == 0
    assert (served["host"], served["port"], served["access_log"]) == ("127.0.0.1", 9123, False)
    assert served["timeout_keep_alive"] > 5
    backend = served["app"].state.backend
    assert backend.settings.control is True
    assert backend.settings.kiosk_for("abc") == "K"
    out = capsys.readouterr().out
    assert "listening on http://127.0.0.1:9123" in out
    from mocks.backend.citizens_registry import find_citizen
    from mocks.citizens import persona

    assert find_citizen(backend, persona(41).id_number) is not None
    assert "3 citizens registered" in out
    backend.close()
    assert db.exists()
