"""Named errors of the ICAO eMRTD reader (BAC, secure messaging, LDS parsing, trust store).

CardError (reference_kiosk/devices/errors.py)
 +-- IcaoError
      +-- CardStatusError              the card answered an unexpected status word (``sw``)
      |    +-- ApplicationNotFoundError    no ICAO eMRTD application (not a chip ID card)
      |    +-- FileNotFoundOnCardError     a mandatory elementary file is missing
      +-- AccessDeniedError            BAC failed with every candidate key (wrong MRZ / ID / date)
      +-- SecureMessagingError         a protected response is malformed
      |    +-- ResponseMacError            its MAC does not verify (tampered or noisy link)
      +-- MalformedDataError           the card's data cannot be parsed
      |    +-- TlvError                    BER-TLV structure (overrun, bad length, trailing bytes)
      |    +-- MrzError                    DG1 MRZ (layout or check digit)
      |    +-- Dg13Error                   Vietnam-specific citizen data
      |    +-- FaceImageError              DG2 biometric wrapper
      |    +-- TamperedDataError           unparseable AND failing passive authentication
      +-- KeyInputError                the MRZ / ID number / date of birth typed in is invalid
      |    +-- EnteredIdMismatchError      the chip opened, but holds another ID number / birth date
      +-- TrustStoreError              the configured CSCA trust store cannot be loaded
      +-- ChipRefusedError             the kiosk refuses the card on its passive-authentication
           |                           verdict (``verdict``, ``reasons``), before any backend call
           +-- ChipSignerUntrustedError    untrusted_signer: not signed under a trusted CSCA
           |                               (unknown, expired or impostor signer, bad signature)
           +-- ChipDataAlteredError        hash_mismatch: a data group differs from its signed hash
           +-- ChipIdentityMismatchError   identity_mismatch: DG1 and DG13 name different people
           +-- PrintedDataMismatchError    print_mismatch: the card's QR/MRZ and its chip disagree

Passive-authentication failures are not exceptions: they are a verdict with reasons on the
identity (see ``passive_auth.Verdict``), so the caller decides what a failed check means; the
kiosk app's decision (``reference_kiosk.app.chip``) raises the ``Chip*Error`` of the verdict,
whose class name is all telemetry records of it. Messages never contain personal data.
"""

from __future__ import annotations

from reference_kiosk.devices.errors import CardError
from reference_kiosk.domain.errors import NOT_REFUSED, Refusal, Remedy

__all__ = [
    "AccessDeniedError",
    "ApplicationNotFoundError",
    "CardStatusError",
    "ChipDataAlteredError",
    "ChipIdentityMismatchError",
    "ChipRefusedError",
    "ChipSignerUntrustedError",
    "Dg13Error",
    "EnteredIdMismatchError",
    "FaceImageError",
    "FileNotFoundOnCardError",
    "IcaoError",
    "KeyInputError",
    "MalformedDataError",
    "MrzError",
    "PrintedDataMismatchError",
    "ResponseMacError",
    "SecureMessagingError",
    "TamperedDataError",
    "TlvError",
    "TrustStoreError",
]


class IcaoError(CardError):
    message_vi = "Không đọc được dữ liệu trong chip của thẻ. Vui lòng đặt lại thẻ lên đầu đọc."
    message_en = "The data on the card's chip could not be read. Please place the card on the reader again."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class CardStatusError(IcaoError):
    """The card refused a command; ``sw`` is the status word (never personal data)."""

    refusal = NOT_REFUSED

    def __init__(self, what: str, sw: int) -> None:
        super().__init__(f"{what}: card answered status word {sw:04X}")
        self.sw = sw


class ApplicationNotFoundError(CardStatusError):
    message_vi = "Thẻ này không phải thẻ căn cước gắn chip. Vui lòng dùng thẻ căn cước của bạn."
    message_en = "This is not a chip ID card. Please use your ID card."
    remedy = Remedy.FIX_INPUT
    refusal = Refusal.NOT_A_CARD


class FileNotFoundOnCardError(CardStatusError):
    message_vi = "Chip của thẻ thiếu dữ liệu cần thiết. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The card's chip lacks required data. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF
    refusal = Refusal.CARD_CHECK


class AccessDeniedError(IcaoError):
    message_vi = (
        "Không mở được chip của thẻ với thông tin đã nhập. "
        "Vui lòng kiểm tra số định danh và ngày sinh, hoặc nhờ cán bộ hỗ trợ."
    )
    message_en = (
        "The card's chip could not be opened with the details given. "
        "Please check the ID number and date of birth, or ask a staff member."
    )
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class SecureMessagingError(IcaoError):
    message_vi = "Kết nối bảo mật với thẻ bị gián đoạn. Vui lòng đặt lại thẻ và giữ yên."
    message_en = "The secure link with the card was disturbed. Please place the card again and hold it still."
    refusal = NOT_REFUSED


class ResponseMacError(SecureMessagingError):
    refusal = NOT_REFUSED


class MalformedDataError(IcaoError):
    message_vi = "Dữ liệu trong chip không hợp lệ. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The data on the chip is not valid. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF
    refusal = Refusal.CARD_CHECK


class TlvError(MalformedDataError):
    refusal = Refusal.CARD_CHECK


class MrzError(MalformedDataError):
    refusal = Refusal.CARD_CHECK


class Dg13Error(MalformedDataError):
    refusal = Refusal.CARD_CHECK


class FaceImageError(MalformedDataError):
    refusal = Refusal.CARD_CHECK


class TamperedDataError(MalformedDataError):
    """Data that cannot be parsed and does not pass passive authentication: altered, not just odd.

    ``verdict`` and ``reasons`` are the passive-authentication result (no personal data).
    """

    refusal = Refusal.CARD_CHECK
    message_vi = "Dữ liệu trong chip của thẻ đã bị thay đổi. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The data on the card's chip has been altered. Please ask a staff member for help."

    def __init__(self, detail: str, verdict: str, reasons: tuple[str, ...]) -> None:
        super().__init__(f"{detail} (passive authentication: {verdict}: {'; '.join(reasons)})")
        self.verdict = verdict
        self.reasons = reasons


class KeyInputError(IcaoError):
    message_vi = "Thông tin nhập vào không hợp lệ. Vui lòng kiểm tra số định danh và ngày sinh."
    message_en = "The details entered are not valid. Please check the ID number and date of birth."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class TrustStoreError(IcaoError):
    message_vi = "Kiosk chưa được cấu hình để xác thực thẻ. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The kiosk is not set up to verify cards. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF
    refusal = Refusal.KIOSK_READER


class EnteredIdMismatchError(KeyInputError):
    # BAC needs only the last 9 digits and the date of birth, so a mistyped province code still
    # opens the chip: the citizen can correct it (or this is someone else's card).
    message_vi = (
        "Số định danh hoặc ngày sinh đã nhập không khớp với thẻ. "
        "Vui lòng kiểm tra lại và nhập đúng thông tin trên thẻ của bạn."
    )
    message_en = (
        "The ID number or date of birth entered does not match the card. "
        "Please check them and enter the details printed on your card."
    )
    refusal = NOT_REFUSED


class ChipRefusedError(IcaoError):
    """The card's signed data failed the kiosk's check: staff must look at the card, a retry will not help.

    ``verdict`` is the passive-authentication kind (a ``passive_auth.Verdict`` value); ``reasons``
    say what failed, for technicians (no personal data).
    """

    refusal = Refusal.CARD_CHECK
    verdict = "unverified"
    message_vi = "Không xác thực được dữ liệu trong chip của thẻ. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The data on the card's chip could not be verified. Please ask a staff member."
    remedy = Remedy.CALL_STAFF

    def __init__(self, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(f"chip refused by the kiosk ({self.verdict}): {'; '.join(reasons) or 'no reason'}")
        self.reasons = reasons


class ChipSignerUntrustedError(ChipRefusedError):
    verdict = "untrusted_signer"
    message_vi = (
        "Không xác thực được dữ liệu trong chip của thẻ: chữ ký số không phải của cơ quan cấp thẻ "
        "hoặc đã hết hiệu lực. Vui lòng nhờ cán bộ hỗ trợ."
    )
    message_en = (
        "The data on the card's chip could not be verified: it is not signed by the card's issuer, "
        "or the signature is no longer valid. Please ask a staff member."
    )
    refusal = Refusal.CARD_CHECK


class ChipDataAlteredError(ChipRefusedError):
    verdict = "hash_mismatch"
    message_vi = (
        "Không xác thực được dữ liệu trong chip của thẻ: dữ liệu đã bị thay đổi sau khi cấp thẻ. "
        "Vui lòng nhờ cán bộ hỗ trợ."
    )
    message_en = (
        "The data on the card's chip could not be verified: it was changed after the card was issued. "
        "Please ask a staff member."
    )
    refusal = Refusal.CARD_CHECK


class ChipIdentityMismatchError(ChipRefusedError):
    verdict = "identity_mismatch"
    message_vi = (
        "Không xác thực được dữ liệu trong chip của thẻ: các phần dữ liệu trong chip không khớp nhau. "
        "Vui lòng nhờ cán bộ hỗ trợ."
    )
    message_en = (
        "The data on the card's chip could not be verified: its parts do not match each other. "
        "Please ask a staff member."
    )
    refusal = Refusal.CARD_CHECK


class PrintedDataMismatchError(ChipRefusedError):
    """The card's print (QR or MRZ read from the glass) names another ID number, birth date or name
    than its chip: a forged print or a forged chip, refused like altered chip data (issue 15)."""

    verdict = "print_mismatch"
    message_vi = (
        "Thông tin in trên thẻ không khớp với dữ liệu trong chip của thẻ. Vui lòng nhờ cán bộ hỗ trợ."
    )
    message_en = (
        "The details printed on the card do not match the data on its chip. Please ask a staff member."
    )
    refusal = Refusal.CARD_CHECK
