"""Data at rest and the control API's reach.

* The database, its WAL and shared-memory files are 0600, their directory 0700.
* ``/control/reset`` leaves no deleted ID number in the database file or its WAL
  (``secure_delete`` plus a truncating WAL checkpoint).
* A revoked token stays revoked after its revocation was pruned and the world clock was reset.
* The look-up rate limiter survives a restart of the backend.
* The backend will not serve ``/control`` on a non-loopback address: the command refuses to
  start, and the app refuses control requests from other hosts.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import anyio
import httpx
import pytest

from mocks.backend.errors import ControlNotLoopbackError
from mocks.backend.settings import is_loopback
from tests.support.backend import (
    CITIZEN_A,
    KIOSK_KEY,
    BackendDriver,
    SocketLikeASGITransport,
    SyncAsgiClient,
    dossier_body,
    make_app,
    valid_form,
)
from tests.support.system import free_port

HOUSEHOLD_HEAD_ID = "031199007777"  # only ever in the dossier's form: nothing else keeps it


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _files(db: Path) -> list[Path]:
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


@pytest.mark.parametrize("existing", [True, False], ids=["directory-0755", "new-directory"])
def test_database_files_are_private(tmp_path: Path, existing: bool) -> None:
    folder = tmp_path / "var"
    if existing:
        folder.mkdir(mode=0o755)  # as ``mkdir -p`` under a usual umask leaves it
        folder.chmod(0o755)
    db = folder / "backend.sqlite"
    app = make_app(db)
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        assert twin.submit(twin.login()).status_code == 201
        assert {path.name: _mode(path) for path in _files(db)} == {path.name: 0o600 for path in _files(db)}
        assert _mode(folder) == 0o700
    app.state.backend.close()


def test_reset_leaves_no_deleted_id_number_in_the_file_or_the_wal(db: Path, twin: BackendDriver) -> None:
    form = valid_form() | {"head_id_number": HOUSEHOLD_HEAD_ID, "relation_to_head": "Con đẻ"}
    answer = twin.submit(twin.login(), body=dossier_body(form=form))
    assert answer.status_code == 201, answer.text
    needle = HOUSEHOLD_HEAD_ID.encode()
    assert any(needle in path.read_bytes() for path in _files(db) if path.exists())  # it was there
    assert twin.client.post("/control/reset").status_code == 204
    assert [path.name for path in _files(db) if path.exists() and needle in path.read_bytes()] == []


def test_a_revoked_token_stays_revoked_after_pruning_and_a_reset(twin: BackendDriver) -> None:
    auth = twin.login()
    assert twin.client.get("/api/v1/dossiers", headers=auth).status_code == 200
    assert twin.client.post("/api/v1/auth/logout", headers=auth).status_code == 204
    twin.advance(30 * 24 * 3600)  # long past the token's expiry and any grace period
    other = twin.login()  # a later logout prunes the expired revocations
    assert twin.client.post("/api/v1/auth/logout", headers=other).status_code == 204
    assert twin.client.post("/control/reset").status_code == 204  # world time back at the start
    refused = twin.client.get("/api/v1/dossiers", headers=auth)
    assert (refused.status_code, refused.json().get("code")) == (401, "token_revoked")


def test_the_lookup_limiter_survives_a_restart(db: Path) -> None:
    def failed_lookups(count: int) -> list[int]:
        app = make_app(db)
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            probe = {"code": "000.31.36.H36-250317-0001", "id_number": CITIZEN_A["id_number"]}
            answers = [client.post("/api/v1/dossiers/lookup", json=probe).status_code for _ in range(count)]
        app.state.backend.close()
        return answers

    limit = make_app(db).state.backend.settings.limits.lookup_failures
    assert failed_lookups(limit) == [404] * limit
    assert failed_lookups(1) == [429]  # a new process, the same world: still limited


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "kiosk-gw.example", ""])
def test_non_loopback_hosts(host: str) -> None:
    assert not is_loopback(host)


def test_control_on_a_public_address_is_refused_when_configured(tmp_path: Path) -> None:
    with pytest.raises(ControlNotLoopbackError, match=r"0\.0\.0\.0"):
        make_app(tmp_path / "b.sqlite", host="0.0.0.0")


def test_the_backend_command_will_not_serve_control_on_0_0_0_0(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite"
    command = [sys.executable, "-m", "mocks.cli", "backend", "--host", "0.0.0.0", "--port", str(free_port()),
               "--control", "--db", str(db)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False,
                          env=os.environ | {"PYTHONPATH": str(Path.cwd())})  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "/control" in done.stderr
    assert "127.0.0.1" in done.stderr
    assert "Uvicorn running" not in done.stdout + done.stderr


def test_control_requests_from_another_host_are_refused(db: Path) -> None:
    app = make_app(db)

    async def ask(client_host: str) -> int:
        transport = SocketLikeASGITransport(app=app, client=(client_host, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://backend.test") as client:
            return (await client.get("/control/clock")).status_code

    assert anyio.run(ask, "127.0.0.1") == 200
    assert anyio.run(ask, "10.0.0.5") == 404
    app.state.backend.close()
