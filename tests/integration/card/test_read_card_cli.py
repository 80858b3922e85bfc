"""``kiosk read-card`` end to end: pyscard -> pcscd -> vpcd -> ``kiosk-twin card`` (a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration
BIN = Path(sys.executable).parent


@contextmanager
def card_process(pcscd: Any, tmp: Path, seed: int, *faults: str) -> Iterator[dict[str, Any]]:
    """``kiosk-twin card`` inserted into vpcd; yields the persona line it prints."""
    args = [str(BIN / "kiosk-twin"), "card", "--seed", str(seed), "--port", str(pcscd.port)]
    args += ["--pki-dir", str(tmp / "pki"), "--csca-out", str(tmp / "csca.pem")]
    for fault in faults:
        args += ["--fault", fault]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "no output"
            yield json.loads(line)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def read_card(pcscd: Any, *args: str) -> subprocess.CompletedProcess[str]:
    command: Sequence[str] = [
        str(BIN / "kiosk"),
        "read-card",
        "--reader",
        pcscd.reader,
        "--wait",
        "15",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_read_card_json_over_pcscd(pcscd: Any, tmp_path: Path) -> None:
    with card_process(pcscd, tmp_path, 3) as persona:
        done = read_card(
            pcscd,
            "--id-number", persona["id_number"],
            "--dob", persona["date_of_birth"],
            "--csca", str(tmp_path / "csca.pem"),
            "--json",
            "--face",  # the portrait is read only when asked (a login never reads it)
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    for key in ("id_number", "full_name", "date_of_birth", "date_of_expiry", "date_of_issue"):
        assert out[key] == persona[key], key
    for key in ("ethnicity", "religion", "place_of_origin", "residence", "father_name", "mother_name"):
        assert out[key] == persona[key], key
    assert out["mrz"] == persona["mrz"]
    assert out["passive_authentication"] == {"verdict": "verified", "reasons": []}
    assert out["face"]["bytes"] > 1000


def test_human_output_masks_the_id_number(pcscd: Any, tmp_path: Path) -> None:
    with card_process(pcscd, tmp_path, 3) as persona:
        done = read_card(pcscd, "--mrz", *persona["mrz"], "--csca", str(tmp_path / "csca.pem"))
    assert done.returncode == 0, done.stderr
    assert persona["id_number"] not in done.stdout
    assert "*********" + persona["id_number"][-3:] in done.stdout
    assert "VERIFIED" in done.stdout


def test_tampered_card_exits_1_with_the_verdict(pcscd: Any, tmp_path: Path) -> None:
    with card_process(pcscd, tmp_path, 3, "tampered=13") as persona:
        done = read_card(pcscd, "--mrz", *persona["mrz"], "--csca", str(tmp_path / "csca.pem"), "--json")
    assert done.returncode == 1, done.stderr
    verdict = json.loads(done.stdout)["passive_authentication"]
    assert verdict == {"verdict": "hash_mismatch", "reasons": ["DG13 does not match its signed hash"]}


def test_wrong_birth_date_exits_6_with_a_clear_error(pcscd: Any, tmp_path: Path) -> None:
    with card_process(pcscd, tmp_path, 3) as persona:
        done = read_card(pcscd, "--id-number", persona["id_number"], "--dob", "1901-01-01")
    assert done.returncode == 6
    assert "could not be opened with the details given" in done.stderr
    assert persona["id_number"] not in done.stderr


def test_no_card_exits_4(pcscd: Any) -> None:
    from reference_kiosk.devices.pcsc import PcscCardReader
    from tests.support.pcscd import wait_until

    # The previous test's card process may still be leaving vpcd: pcscd then briefly reports an
    # unpowered card (0x80100067). The precondition of this test is an empty reader.
    reader = PcscCardReader(pcscd.reader)
    assert wait_until(lambda: not reader.card_present(), 15.0), "a card stayed in the virtual reader"
    done = subprocess.run(
        [str(BIN / "kiosk"), "read-card", "--reader", pcscd.reader, "--id-number", "020085001234",
         "--dob", "1985-08-06"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 4
    assert "No card on the reader" in done.stderr


def test_bad_input_exits_2_before_touching_the_reader() -> None:
    done = subprocess.run(
        [str(BIN / "kiosk"), "read-card", "--reader", "nope", "--id-number", "12345", "--dob", "1985-08-06"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "12 digits" in done.stderr
