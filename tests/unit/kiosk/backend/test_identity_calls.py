"""The identity calls of the backend client: chip login, the VNeID poll and the key set."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from reference_kiosk import api
from reference_kiosk.backend import (
    HttpProvincialBackend,
    MalformedResponseError,
    NotFoundError,
    UnauthorizedError,
)
from reference_kiosk.backend.errors import (
    ChipDataUnverifiedError,
    ChipRejectedError,
    ExpiredCardError,
    UnknownCitizenError,
)

pytestmark = pytest.mark.anyio

CHIP = api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")


async def test_a_cccd_login_parses_and_a_refusal_is_unauthorized(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    login = {
        "token": "signed.jwt.here",
        "expires_at": "2025-03-17T08:30:00Z",
        "citizen": {
            "subject": "vneid-abc",
            "id_number": "001099012345",
            "full_name": "Nguyễn Văn A",
            "date_of_birth": "1999-01-02",
        },
    }
    route = router.post("/api/v1/auth/cccd").mock(
        side_effect=[
            httpx.Response(200, json=login),
            httpx.Response(401, json={"code": "identity_mismatch", "message": "no"}),
        ]
    )
    got = await client.login_with_cccd(CHIP)
    assert got.citizen.id_number == "001099012345"
    assert "001099012345" not in repr(got)
    with pytest.raises(ChipDataUnverifiedError) as info:
        await client.login_with_cccd(CHIP)
    assert info.value.code == "identity_mismatch"
    assert json.loads(route.calls[0].request.content) == {"sod": "U09E", "dg1": "REcx", "dg13": "REcxMw=="}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("malformed", ChipDataUnverifiedError),
        ("untrusted_signer", ChipDataUnverifiedError),
        ("hash_mismatch", ChipDataUnverifiedError),
        ("identity_mismatch", ChipDataUnverifiedError),
        ("expired_document", ExpiredCardError),
        ("unknown_citizen", UnknownCitizenError),
    ],
)
async def test_a_refused_chip_login_names_what_was_wrong_with_the_card(
    router: respx.Router, client: HttpProvincialBackend, code: str, expected: type[ChipRejectedError]
) -> None:
    router.post("/api/v1/auth/cccd").respond(401, json={"code": code, "message": "server text"})
    with pytest.raises(ChipRejectedError) as info:
        await client.login_with_cccd(CHIP)
    assert type(info.value) is expected
    assert not isinstance(info.value, UnauthorizedError)  # not "your session has expired"
    assert (info.value.status, info.value.code) == (401, code)
    assert "server text" not in str(info.value)


async def test_a_chip_login_401_without_a_card_code_stays_unauthorized(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    # e.g. the kiosk's own key was refused: that is not the card's fault
    router.post("/api/v1/auth/cccd").respond(401, json={"code": "bad_kiosk_key", "message": "no"})
    with pytest.raises(UnauthorizedError):
        await client.login_with_cccd(CHIP)


def test_chip_rejections_have_distinct_actionable_messages() -> None:
    kinds = (ChipDataUnverifiedError, ExpiredCardError, UnknownCitizenError)
    assert len({k.message_vi for k in kinds}) == len({k.message_en for k in kinds}) == 3
    assert "VNeID" in ExpiredCardError.message_vi
    assert "công an" in ExpiredCardError.message_vi
    assert "police" in ExpiredCardError.message_en
    for kind in kinds:
        assert "đăng nhập lại" not in kind.message_vi  # the card, not the session, was refused


@pytest.mark.parametrize("body", [{"keys": "nope"}, ["k"], "text"])
async def test_a_jwks_without_a_key_list_is_malformed(
    router: respx.Router, client: HttpProvincialBackend, body: object
) -> None:
    router.get("/.well-known/jwks.json").mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(MalformedResponseError):
        await client.fetch_jwks()


async def test_polling_an_unknown_login_is_not_found(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.get("/api/v1/auth/vneid/sessions/abc").mock(
        return_value=httpx.Response(404, json={"code": "not_found", "message": ""})
    )
    with pytest.raises(NotFoundError):
        await client.poll_vneid_login("abc")
