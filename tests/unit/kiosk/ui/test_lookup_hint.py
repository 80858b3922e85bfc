"""The look-up screen's example dossier code has the shape of the codes the backend really makes.

Issue 13 (less typing): a citizen copies the code from the slip; the hint must look like it.
The shape is taken from a code the simulated backend issues (``{agency}-{yyMMdd}-{NNNN}``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reference_kiosk.i18n import translator
from tests.support.backend import KIOSK_KEY, BackendDriver, SyncAsgiClient, make_app


def _shape(code: str) -> str:
    return re.sub(r"[0-9]", "9", code)


@pytest.fixture(scope="module")
def real_code(tmp_path_factory: pytest.TempPathFactory) -> str:
    app = make_app(Path(tmp_path_factory.mktemp("hint")) / "backend.sqlite")
    try:
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            driver = BackendDriver(client)
            answer = driver.submit(driver.login(), key="hint-1")
            assert answer.status_code == 201, answer.text
            return str(answer.json()["code"])
    finally:
        app.state.backend.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_example_code_has_the_real_codes_shape(real_code: str, lang: str) -> None:
    hint = translator(lang)("lookup.field.code.placeholder")
    examples = re.findall(r"[0-9A-Z.]+-[0-9]{6}-[0-9]{4}", hint)
    assert examples, hint
    assert {_shape(e) for e in examples} == {_shape(real_code)}
