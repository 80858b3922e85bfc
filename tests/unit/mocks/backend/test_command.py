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


def test_the_served_backend_keeps_its_catalogue_out_of_the_collectors_walks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Full collections walked the province catalogue and its index (~150 ms each): the command
    freezes them once the index is built, whatever requests allocate afterwards."""
    import gc
    import threading

    import uvicorn

    settled: list[threading.Thread] = []
    original = command.settle_heap

    def spy(catalogue: Any) -> None:
        settled.append(threading.current_thread())
        original(catalogue)

    monkeypatch.setattr(command, "settle_heap", spy)
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app))
    parser = argparse.ArgumentParser()
    command.configure(parser)
    gc.unfreeze()
    try:
        assert command.run(parser.parse_args(["--db", str(tmp_path / "b.sqlite"), "--kiosk-key", "k"])) == 0
        for thread in threading.enumerate():
            if thread.name == "settle-heap":
                thread.join(timeout=60)
        assert settled
        assert settled[0] is not threading.main_thread()  # start-up does not wait for it
        procedure = served["app"].state.backend.catalogue.all()[0]
        assert gc.get_freeze_count() > 0
        assert not any(o is procedure for o in gc.get_objects())  # frozen: no collection walks it
    finally:
        gc.unfreeze()
        served["app"].state.backend.close()
