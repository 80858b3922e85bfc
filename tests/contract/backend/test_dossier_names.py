"""The simulated backend names a dossier's procedure in both languages, from its catalogue."""

from __future__ import annotations

import pytest

from tests.contract.backend.conftest import ClientRig
from tests.contract.backend.test_client_against_app import CITIZEN, login, residence_dossier

pytestmark = pytest.mark.anyio


async def test_a_dossier_carries_the_catalogue_s_english_procedure_name(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    procedure = await twin.kiosk.get_procedure("1.004222")
    submitted = await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")
    assert procedure.name_en
    assert procedure.name_en != procedure.name
    assert submitted.procedure_name_en == procedure.name_en
    looked_up = await twin.kiosk.lookup_dossier(submitted.code, CITIZEN["id_number"])
    listed = (await twin.kiosk.list_dossiers(token)).items
    assert looked_up.procedure_name_en == procedure.name_en
    assert [d.procedure_name_en for d in listed] == [procedure.name_en]
