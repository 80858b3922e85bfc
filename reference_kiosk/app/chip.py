"""What the kiosk does with its own passive-authentication verdict at chip login.

    verdict             the kiosk
    verified            sends the raw signed groups to the backend (which re-verifies them anyway)
    not_checked         no trust store configured: sends them too, the backend decides
    untrusted_signer    refuses: ChipSignerUntrustedError
    hash_mismatch       refuses: ChipDataAlteredError
    identity_mismatch   refuses: ChipIdentityMismatchError (DG1 and DG13 name different people)

and a chip whose ID number or date of birth is not what the citizen typed is refused with
``EnteredIdMismatchError`` (the citizen may correct the typing). A refusal happens before any
backend call, so a forged card is stopped even with the network down and its data never leaves
the kiosk.

The trust store (CSCA certificates) is loaded once when the services are composed
(``load_trust_store``): a missing, unreadable or garbled file is a ``TrustStoreError`` at start.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509

from reference_kiosk.devices.icao.errors import (
    ChipDataAlteredError,
    ChipIdentityMismatchError,
    ChipRefusedError,
    ChipSignerUntrustedError,
    EnteredIdMismatchError,
    TrustStoreError,
)

if TYPE_CHECKING:
    from reference_kiosk.devices.icao import CardIdentity, TrustStore

__all__ = ["check_chip", "load_trust_store"]

log = logging.getLogger(__name__)

_REFUSALS: dict[str, type[ChipRefusedError]] = {
    cls.verdict: cls for cls in (ChipSignerUntrustedError, ChipDataAlteredError, ChipIdentityMismatchError)
}


def check_chip(identity: CardIdentity, id_number: str, date_of_birth: dt.date) -> None:
    """Raise the named refusal for ``identity``'s verdict, or return when the login may go on."""
    refusal = _REFUSALS.get(identity.verdict.value)
    if refusal is not None:
        # The verdict kind only: reasons and identity stay out of the log.
        log.warning("chip login refused by the kiosk: %s", refusal.verdict)
        raise refusal(identity.reasons)
    if identity.id_number != id_number or identity.date_of_birth != date_of_birth:
        log.warning("chip login refused by the kiosk: not the ID number / birth date entered")
        raise EnteredIdMismatchError("the chip's ID number or date of birth is not the one entered")


def load_trust_store(path: Path | None) -> TrustStore | None:
    """The CSCA certificates in ``path`` (a PEM/DER file or a directory), or None when unset."""
    if path is None:
        return None
    from reference_kiosk.devices.icao import TrustStore

    try:
        store = TrustStore.from_paths([path])
    except TrustStoreError as exc:
        raise TrustStoreError(f"trust_store {path}: {exc}") from exc
    for cert in store.certificates:
        if not _may_sign_certificates(cert):
            # A document signer (or a TLS certificate) given by mistake would refuse every card.
            raise TrustStoreError(
                f"trust_store {path}: {cert.subject.rfc4514_string()} is not a CA certificate"
            )
    return store


def _may_sign_certificates(cert: x509.Certificate) -> bool:
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return True  # old CSCA certificates may lack the extension: the chain check still decides
    return constraints.ca
