"""Benchmark: what one hostile upload costs the backend, in CPU seconds and memory growth.

Each upload is submitted once, as a dossier attachment, to the real app (in-process over
ASGI, on a fresh SQLite file) inside a fresh child process, which reports the CPU time of the
request (``time.process_time``) and how far its peak RSS rose above the RSS just before it
(``VmHWM`` after resetting it; the app is warmed up first by a small dossier). The uploads are built here, in
the parent, so building them never counts:

  crafted     issue 14's files: progressive JPEGs with 100 and 1,000 scans, a large progressive
              CMYK page, a PDF carrying a 1,000-scan JPEG, a PDF whose page inflates to 200 MB,
              a PDF whose 100x100 image inflates to 200 MB; and a kiosk page for comparison
  hypothesis  --examples more, drawn by hypothesis (seeded): JPEG size, mode and scan count;
              Flate bombs of any size; PDFs of many costly JPEGs

It prints a table per upload and the worst CPU and memory growth seen, against the goal (1 s,
64 MB). With ``--baseline REV`` (default: the code before the bounds of issue 14) the same
uploads also run against that revision, exported with ``git archive``, and the table shows
old/new ratios measured in this run. A JSON copy goes under reports/out/.

    .venv/bin/python benchmarks/bench_hostile_uploads.py [--examples 12] [--baseline REV | --no-baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
# A child measures the tree it is given (this one, or the baseline's export), imports included.
sys.path.insert(0, os.environ.get("BENCH_TREE", str(ROOT)))

from tests.support import uploads as made  # noqa: E402  (the parent only builds, from this tree)

GOAL_CPU_S = 1.0
GOAL_GROWTH_MB = 64.0
# The commit before issue 14's bounds (request bodies, decode cost): the "before" of the ratios.
DEFAULT_BASELINE = "c856a9e~1"
PDF, JPEG = "application/pdf", "image/jpeg"


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    content_type: str
    make: Callable[[], bytes]
    copies: int = 1  # the same file this many times in one dossier (the largest legitimate one)


def crafted() -> list[Upload]:
    return [
        Upload("kiosk: A4 200 dpi page JPEG", JPEG, lambda: made.jpeg((1654, 2339), "RGB")),
        Upload("JPEG, 100 scans", JPEG, lambda: made.many_scans_jpeg(scans=100)),
        Upload("JPEG, 1,000 scans", JPEG, lambda: made.many_scans_jpeg(scans=1000)),
        Upload("progressive CMYK 7000x8000", JPEG, lambda: made.progressive_jpeg((7000, 8000), "CMYK")),
        Upload("PDF with a 1,000-scan JPEG", PDF, lambda: made.jpeg_pdf([made.many_scans_jpeg(scans=1000)])),
        Upload("PDF page inflating to 200 MB", PDF, lambda: made.flate_bomb_pdf(200)),
        Upload("PDF 100x100 image inflating to 200 MB", PDF, _image_bomb),
        # Just inside the bounds: the most an accepted upload may cost.
        Upload(
            "at the bounds: progressive 4800x4800, 32 scans",
            JPEG,
            lambda: made.many_scans_jpeg((4800, 4800), 32),
        ),
        Upload("at the bounds: PDF of 8 JPEGs 2000x2000, 32 scans", PDF, _budget_pdf),
        Upload("at the bounds: PDF of 60 streams inflating 100x", PDF, _ratio_pdf),
        _largest_dossier(),
    ]


def _largest_dossier() -> Upload:
    """The largest dossier the limits let through: noisy grey pages, each just under ``file_bytes``."""
    import io

    from PIL import Image

    from mocks.backend.settings import Limits

    limits = Limits()
    copies = limits.dossier_bytes // limits.file_bytes
    side = int((limits.file_bytes * 1.8) ** 0.5)  # grey noise at quality 75: about 0.55 bytes a pixel

    def make() -> bytes:
        rng = random.Random(16)
        for step in range(20):  # shrink until a page fits the per-file limit
            size = int(side * 0.99**step)
            out = io.BytesIO()
            Image.frombytes("L", (size, size), rng.randbytes(size * size)).save(out, "JPEG", quality=75)
            if len(out.getvalue()) <= limits.file_bytes:
                return out.getvalue()
        raise RuntimeError("no page under file_bytes")

    return Upload(f"largest legitimate dossier: {copies} grey pages", JPEG, make, copies)


def _budget_pdf() -> bytes:
    return made.jpeg_pdf([made.many_scans_jpeg((2000, 2000), 32)] * 8)  # 8 x 2 M block visits


def _ratio_pdf() -> bytes:
    """Form XObjects of 1 MB each, each inflating just under 100x: the inflate budget's worth."""
    rng = random.Random(7)
    pieces = []
    for _ in range(60):
        text = (b"%d %d m " % (rng.randrange(999), rng.randrange(999))) * 20_000
        body = zlib.compress(text[: 99 * 10_000], 9)
        pieces.append(made.stream(b"/Type/XObject/Subtype/Form/BBox[0 0 1 1]/Filter/FlateDecode", body))
    return made.one_page_pdf({f"F{i}": piece for i, piece in enumerate(pieces)})


def _image_bomb() -> bytes:
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(bytes(1 << 20)) for _ in range(200)) + packer.flush()
    return made.one_page_pdf({"Im0": made.image_xobject(100, 100, data=data)})


def drawn(examples: int, seed: int) -> list[Upload]:
    """Hostile uploads drawn by hypothesis, reproducibly (a fixed seed)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    # Drawn where cost lives: large frames, scan counts around the bound, many images, big bombs.
    sides = st.integers(500, 9000)
    jpegs = st.builds(
        lambda w, h, mode, scans: (f"drawn JPEG {w}x{h} {mode} {scans} scans", JPEG, (w, h), mode, scans),
        sides, sides, st.sampled_from(["L", "RGB", "CMYK"]), st.integers(1, 40) | st.integers(41, 3000),
    )  # fmt: skip
    bombs = st.builds(lambda mb: (f"drawn Flate bomb {mb} MB", PDF, mb), st.integers(1, 400))
    many = st.builds(
        lambda n, side, scans: (f"drawn PDF of {n} JPEGs {side}px {scans} scans", PDF, n, side, scans),
        st.integers(1, 40), st.integers(500, 3000), st.integers(1, 40),
    )  # fmt: skip
    specs: list[tuple[Any, ...]] = []

    @hypothesis_seed(seed)
    @settings(max_examples=examples, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(jpegs, bombs, many))
    def collect(spec: tuple[Any, ...]) -> None:
        if len(specs) < examples:
            specs.append(spec)

    collect()
    return [_drawn_upload(spec) for spec in specs]


def _drawn_upload(spec: tuple[Any, ...]) -> Upload:
    name, kind = spec[0], spec[1]
    if "JPEG " in name and kind == JPEG:
        _, _, size, mode, scans = spec
        return Upload(name, kind, lambda: made.many_scans_jpeg(size, scans, mode))
    if "Flate" in name:
        return Upload(name, kind, lambda: made.flate_bomb_pdf(spec[2]))
    _, _, count, side, scans = spec
    return Upload(name, kind, lambda: made.jpeg_pdf([made.many_scans_jpeg((side, side), scans)] * count))


# ---------------------------------------------------------------------------- the child


def child(path: Path, content_type: str, copies: int = 1) -> dict[str, Any]:
    """Runs in a fresh process: one warm-up dossier, then the measured one."""
    import time

    # Only what every revision's test support has (the baseline is an older tree).
    from tests.support.backend import CITIZEN_A, KIOSK_KEY, SyncAsgiClient, attachment, dossier_body, make_app

    content = path.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder) / "bench.sqlite")
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            auth = _login(client, CITIZEN_A)
            warm = client.post("/api/v1/dossiers", json=dossier_body(), headers=auth)
            assert warm.status_code == 201, warm.text  # every code path loaded once
            papers = [attachment("CT01", content, content_type)] * copies + [attachment("GT_CHO_O")]
            body = json.dumps(dossier_body(attachments=papers)).encode()
            del content
            headers = auth | {"Content-Type": "application/json"}
            rss_before = _reset_peak()
            cpu_before = time.process_time()
            answer = client.post("/api/v1/dossiers", content=body, headers=headers)
            cpu = time.process_time() - cpu_before
            peak = _status_mb("VmHWM")
        app.state.backend.close()
    code = answer.json().get("code") if answer.status_code != 201 else None
    return {
        "cpu_s": cpu,
        "growth_mb": max(0.0, peak - rss_before),
        "status": answer.status_code,
        "code": code,
    }


def _login(client: Any, citizen: dict[str, str]) -> dict[str, str]:
    """A VNeID login approved through the control API: the bearer headers."""
    assert client.post("/control/citizens", json=citizen).status_code == 201
    session = client.post("/api/v1/auth/vneid/sessions").json()["id"]
    client.post(f"/control/vneid/{session}/approve", json={"id_number": citizen["id_number"]})
    token = client.get(f"/api/v1/auth/vneid/sessions/{session}").json()["token"]
    return {"Authorization": f"Bearer {token}"}


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> float:
    """Reset the peak RSS to the current RSS (Linux: "5" > clear_refs) and return it.

    Not ``ru_maxrss``: Linux carries the parent's peak into a forked child across exec, and the
    parent built the uploads (a CMYK page takes hundreds of MB to make).
    """
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


# ---------------------------------------------------------------------------- the parent


def measure(tree: Path, path: Path, content_type: str, copies: int = 1) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(path), content_type, str(copies)]
    env = os.environ | {"PYTHONPATH": str(tree), "BENCH_TREE": str(tree)}
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tree, check=False, timeout=900
    )
    if done.returncode != 0:
        return {
            "cpu_s": float("nan"),
            "growth_mb": float("nan"),
            "status": "crash",
            "code": (done.stderr.strip().splitlines() or ["no output"])[-1][:80],
        }
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def export(revision: str, into: Path) -> Path | None:
    """``git archive`` of ``revision`` (None when git or the revision is not there)."""
    archive = into / "baseline.tar"
    with archive.open("wb") as out:
        done = subprocess.run(["git", "-C", str(ROOT), "archive", revision], stdout=out, check=False)
    if done.returncode != 0:
        return None
    tree = into / "baseline"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=12, help="hypothesis-drawn uploads (default 12)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision for the old/new ratios")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("FILE", "TYPE", "COPIES"), help=argparse.SUPPRESS)
    parser.add_argument("--only", help="measure only the uploads whose name contains this")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1], int(args.child[2]))))
        return 0
    random.seed(args.seed)  # nothing here draws from it; hypothesis has its own seed
    console = Console(width=max(120, Console().width))
    uploads = crafted() + drawn(args.examples, args.seed)
    if args.only:
        uploads = [upload for upload in uploads if args.only in upload.name]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        old_tree = None if args.no_baseline else export(args.baseline, folder)
        with console.status("measuring") as status:
            for number, upload in enumerate(uploads, 1):
                status.update(f"{number}/{len(uploads)}: {upload.name}")
                data = upload.make()
                path = folder / f"upload-{number}"
                path.write_bytes(data)
                row = {
                    "upload": upload.name,
                    "bytes": len(data),
                    "new": measure(ROOT, path, upload.content_type, upload.copies),
                }
                if old_tree is not None:
                    row["old"] = measure(old_tree, path, upload.content_type, upload.copies)
                rows.append(row)
    _report(console, rows, None if old_tree is None else args.baseline)
    out = ROOT / "reports" / "out" / "bench_hostile_uploads.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    console.print(f"JSON: {out.relative_to(ROOT)}")
    worst_cpu = max(r["new"]["cpu_s"] for r in rows)
    worst_mb = max(r["new"]["growth_mb"] for r in rows)
    return 0 if worst_cpu <= GOAL_CPU_S and worst_mb <= GOAL_GROWTH_MB else 1


def _answer(result: dict[str, Any]) -> str:
    return f"{result['status']} {result['code'] or ''}".strip()


def _report(console: Console, rows: list[dict[str, Any]], baseline: str | None) -> None:
    table = Table(title="one hostile upload per request (fresh process each)")
    columns = ["upload", "bytes", "CPU s", "growth MB", "answer"]
    if baseline:
        columns += [f"CPU s @{baseline}", f"MB @{baseline}", f"answer @{baseline}", "CPU old/new"]
    for column in columns:
        table.add_column(column, justify="left" if column.startswith(("upload", "answer")) else "right")
    for row in rows:
        new = row["new"]
        cells = [
            row["upload"],
            f"{row['bytes']:,}",
            f"{new['cpu_s']:.3f}",
            f"{new['growth_mb']:.1f}",
            _answer(new),
        ]
        if baseline:
            old = row["old"]
            ratio = old["cpu_s"] / new["cpu_s"] if new["cpu_s"] > 0 else float("nan")
            cells += [f"{old['cpu_s']:.3f}", f"{old['growth_mb']:.1f}", _answer(old), f"{ratio:.1f}x"]
        table.add_row(*cells)
    console.print(table)
    for label, key in (("new", "new"), (f"@{baseline}", "old")):
        if key == "old" and not baseline:
            continue
        cpu = max(rows, key=lambda r: r[key]["cpu_s"])
        mem = max(rows, key=lambda r: r[key]["growth_mb"])
        console.print(
            f"worst {label}: CPU {cpu[key]['cpu_s']:.3f} s ({cpu['upload']}), memory growth "
            f"{mem[key]['growth_mb']:.1f} MB ({mem['upload']})"
        )
    console.print(f"goal: at most {GOAL_CPU_S:g} s of CPU and {GOAL_GROWTH_MB:g} MB of growth per request")


if __name__ == "__main__":
    raise SystemExit(main())
