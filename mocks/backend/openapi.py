"""Export the backend's OpenAPI document: ``python -m mocks.backend.openapi [PATH]``.

The committed file (mocks/backend/openapi.json) describes the app with the control API on;
tests/contract/test_openapi_drift.py fails when the app and the file disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["OPENAPI_PATH", "current_schema", "render"]

OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.json"


def current_schema() -> dict[str, Any]:
    from mocks.backend.app import create_app
    from mocks.backend.settings import load_settings

    app = create_app(load_settings(Path(":memory:"), control=True))
    try:
        return app.openapi()
    finally:
        app.state.backend.close()


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else OPENAPI_PATH
    target.write_text(render(current_schema()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
