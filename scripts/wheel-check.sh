#!/usr/bin/env bash
# The wheel as a user gets it: build it from a copy of the sources, install it into a fresh venv
# outside the repository and run the console scripts from a directory where the sources are not
# importable. First the base install (what a kiosk needs), then with the [twin,sim] extras.
#
#   scripts/wheel-check.sh            (make wheel-check; .ci/run calls it after make test)
#   KEEP=1 scripts/wheel-check.sh     keep the temporary directory for a look afterwards
set -euo pipefail
repo="${REPO:-$(cd "$(dirname "$0")/.." && pwd)}"
py="${PYTHON:-$repo/.venv/bin/python}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/wheel-check.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
pip_q=(-q --disable-pip-version-check --constraint "$repo/constraints.txt")

fail() { echo "wheel-check: FAIL: $*" >&2; exit 1; }
step() { echo "wheel-check: $*"; }
pip_install() {  # quiet, but show pip's own output when it fails
  "$bin/python" -m pip install "${pip_q[@]}" "$@" >"$tmp/pip.log" 2>&1 || { cat "$tmp/pip.log" >&2; fail "pip install $*"; }
}

# A copy of what git would commit (tracked and new files, as they are now): a stale build/ or
# egg-info in the work tree cannot leak into the wheel, and the work tree stays untouched.
step "copying the sources"
mkdir -p "$tmp/src"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | xargs -0 cp --parents -t "$tmp/src" --)

step "building the wheel"
"$py" -m pip wheel -q --disable-pip-version-check --no-deps -w "$tmp/dist" "$tmp/src" >/dev/null
wheel="$(ls "$tmp"/dist/kiosk_twin-*.whl)"

# Every data file inside the packages is in the wheel (the code loads them from beside itself).
step "checking the wheel's data files"
(cd "$repo" && git ls-files --cached --others --exclude-standard reference_kiosk mocks simulator) \
  | grep -vE '\.(py|md)$' | while read -r f; do [ -e "$repo/$f" ] && echo "$f"; done | sort >"$tmp/want"
"$py" -c 'import sys, zipfile; print("\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))' \
  "$wheel" >"$tmp/have"
missing="$(comm -23 "$tmp/want" "$tmp/have")"
[ -z "$missing" ] || fail "data files missing from the wheel: $missing"
grep -q '\.j2$' "$tmp/have" || fail "no report template (*.j2) in the wheel"

step "installing the base wheel into a fresh venv"
"$py" -m venv "$tmp/venv"
bin="$tmp/venv/bin"
pip_install "$wheel"
mkdir -p "$tmp/run" && cd "$tmp/run"
unset PYTHONPATH

expect_ok() {  # run a command, which must succeed without a traceback
  local out="$tmp/out" err="$tmp/err" rc=0
  "$@" >"$out" 2>"$err" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$err" >&2; fail "'$*' exited $rc"; }
  ! grep -q Traceback "$err" || { cat "$err" >&2; fail "'$*' printed a traceback"; }
}
expect_extra() {  # a command whose extra is missing: non-zero, one line naming the extra, no traceback
  local extra="$1"; shift
  local err="$tmp/err" rc=0
  "$@" >/dev/null 2>"$err" || rc=$?
  [ "$rc" -ne 0 ] || fail "'$*' succeeded without the [$extra] extra"
  grep -q "\[$extra\]" "$err" && ! grep -q Traceback "$err" && [ "$(wc -l <"$err")" -eq 1 ] \
    || { cat "$err" >&2; fail "'$*' did not say in one line to install the [$extra] extra"; }
}

step "base install: $("$bin/python" -m pip list --format=freeze 2>/dev/null | wc -l) packages, $(du -sh "$tmp/venv" | cut -f1)"
expect_ok "$bin/kiosk" --help
expect_ok "$bin/kiosk" --version
grep -q '^kiosk [0-9]' "$tmp/out" || fail "kiosk --version printed: $(cat "$tmp/out")"
# Every kiosk module imports on the base install (the device bindings load only when used).
expect_ok "$bin/python" -c '
import importlib, pkgutil, reference_kiosk
for info in pkgutil.walk_packages(reference_kiosk.__path__, "reference_kiosk."):
    importlib.import_module(info.name)'
expect_extra twin "$bin/kiosk-twin" up --headless
SDL_AUDIODRIVER=dummy expect_extra twin "$bin/kiosk" run --headless --seconds 0.1 --state-dir "$tmp/state"
expect_extra sim "$bin/kiosk-sim" run pilot-2025

step "installing the [twin,sim] extras"
pip_install "$wheel[twin,sim]"
for script in kiosk-twin kiosk-sim; do
  expect_ok "$bin/$script" --help
  expect_ok "$bin/$script" --version
  grep -q "^$script [0-9]" "$tmp/out" || fail "$script --version printed: $(cat "$tmp/out")"
done
expect_ok "$bin/kiosk-sim" run pilot-2025 --until 2025-03-20 --json
"$bin/python" -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$tmp/out" \
  || fail "kiosk-sim run --json did not print JSON: $(head -c 300 "$tmp/out")"
step "ok ($(du -sh "$tmp/venv" | cut -f1) with [twin,sim])"
