"""EF.SOD: a CMS SignedData over the LDS Security Object (ICAO 9303 Part 10, section 4.6.2).

The encapsulated content (type 2.23.136.1.1.1) lists a SHA-256 hash per data group; signed
attributes carry the content type, the message digest and the signing time; the document signer
certificate is embedded so a verifier only needs the CSCA.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any, ClassVar

from asn1crypto import algos, cms, core
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import Encoding

from mocks.card.pki import Signer
from mocks.card.tlv import tlv

__all__ = ["LDS_SECURITY_OBJECT_OID", "DataGroupHash", "LdsSecurityObject", "build_sod"]

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"


class DataGroupHash(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[tuple[str, Any]]] = [
        ("data_group_number", core.Integer),
        ("data_group_hash_value", core.OctetString),
    ]


class DataGroupHashValues(core.SequenceOf):  # type: ignore[misc]
    _child_spec = DataGroupHash


class LdsSecurityObject(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[tuple[str, Any]]] = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
    ]


def build_sod(data_groups: Mapping[int, bytes], signer: Signer, signing_time: dt.datetime) -> bytes:
    """EF.SOD (tag 77) over ``data_groups`` (number -> the file's bytes as stored on the card)."""
    lds = LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": "sha256"},
            "data_group_hash_values": [
                {"data_group_number": n, "data_group_hash_value": hashlib.sha256(content).digest()}
                for n, content in sorted(data_groups.items())
            ],
        }
    ).dump()
    signed_attrs = cms.CMSAttributes(
        [
            {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
            {"type": "message_digest", "values": [hashlib.sha256(lds).digest()]},
            {"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]},
        ]
    )
    signature = signer.key.sign(signed_attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
    cert = cms.CertificateChoices.load(signer.cert.public_bytes(Encoding.DER))
    issuer_serial = cert.chosen["tbs_certificate"]
    signed_data = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {
                "content_type": LDS_SECURITY_OBJECT_OID,
                "content": core.ParsableOctetString(lds),
            },
            "certificates": [cert],
            "signer_infos": [
                {
                    "version": "v1",
                    "sid": cms.SignerIdentifier(
                        "issuer_and_serial_number",
                        {"issuer": issuer_serial["issuer"], "serial_number": issuer_serial["serial_number"]},
                    ),
                    "digest_algorithm": {"algorithm": "sha256"},
                    "signed_attrs": signed_attrs,
                    "signature_algorithm": {"algorithm": "sha256_rsa"},
                    "signature": signature,
                }
            ],
        }
    )
    content_info = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
    return tlv(0x77, content_info.dump())
