"""LDS files other than DG1 and DG13: EF.COM (which data groups exist) and DG2 (the face).

DG2 nests the face in the ISO/IEC 19794-5 record of a biometric information template:
75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E (or 7F2E) record } } }.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from reference_kiosk.devices.icao import tlv
from reference_kiosk.devices.icao.errors import FaceImageError, MalformedDataError, TlvError

__all__ = ["DG_FILES", "EfCom", "FaceImage", "parse_dg2", "parse_ef_com"]

# data group number -> (LDS tag, file identifier)
DG_FILES: Mapping[int, tuple[int, int]] = {
    1: (0x61, 0x0101),
    2: (0x75, 0x0102),
    3: (0x63, 0x0103),
    4: (0x76, 0x0104),
    5: (0x65, 0x0105),
    6: (0x66, 0x0106),
    7: (0x67, 0x0107),
    8: (0x68, 0x0108),
    9: (0x69, 0x0109),
    10: (0x6A, 0x010A),
    11: (0x6B, 0x010B),
    12: (0x6C, 0x010C),
    13: (0x6D, 0x010D),
    14: (0x6E, 0x010E),
    15: (0x6F, 0x010F),
    16: (0x70, 0x0110),
}
_DG_BY_TAG = {tag: number for number, (tag, _fid) in DG_FILES.items()}


@dataclass(frozen=True, slots=True)
class EfCom:
    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def parse_ef_com(data: bytes) -> EfCom:
    try:
        outer, end = tlv.parse_one(data)
        if outer.tag != 0x60 or end != len(data):
            raise MalformedDataError(f"EF.COM starts with tag {outer.tag:X}, expected 60")
        tags = outer.require(0x5C).value
        lds = outer.child(0x5F01)
        uni = outer.child(0x5F36)
    except TlvError as exc:
        raise MalformedDataError(f"EF.COM is not well-formed: {exc}") from exc
    groups = tuple(sorted({_DG_BY_TAG[t] for t in tags if t in _DG_BY_TAG}))
    return EfCom(
        lds.value.decode("ascii", "replace") if lds else "",
        uni.value.decode("ascii", "replace") if uni else "",
        groups,
    )


@dataclass(frozen=True, slots=True)
class FaceImage:
    mime_type: str  # image/jpeg or image/jp2
    width: int
    height: int
    data: bytes = field(repr=False)


_FACE_HEADER = 14  # 'FAC\0', version, record length (4), number of faces (2)
_FACE_INFO = 20  # block length (4), feature points (2), gender .. pose uncertainty (14)
_IMAGE_INFO = 12
_JPEG_SOI = b"\xff\xd8\xff"
_JP2_SIGNATURES = (b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")


def _biometric_record(data: bytes) -> bytes:
    outer, end = tlv.parse_one(data)
    if outer.tag != 0x75 or end != len(data):
        raise FaceImageError(f"DG2 starts with tag {outer.tag:X}, expected 75")
    group = outer.require(0x7F61)
    template = group.require(0x7F60)
    record = template.child(0x5F2E) or template.child(0x7F2E)
    if record is None:
        raise FaceImageError("DG2 has no biometric data block")
    return record.value


def parse_dg2(data: bytes) -> FaceImage:
    """The first face image of DG2, checked to be a JPEG or JPEG 2000 stream."""
    try:
        record = _biometric_record(data)
    except TlvError as exc:
        raise FaceImageError(f"DG2 is not well-formed: {exc}") from exc
    if len(record) < _FACE_HEADER + _FACE_INFO or record[:4] != b"FAC\x00":
        raise FaceImageError("DG2 biometric block is not an ISO 19794-5 face record")
    block = record[_FACE_HEADER:]
    block_length = int.from_bytes(block[0:4], "big")
    points = int.from_bytes(block[4:6], "big")
    image_start = _FACE_INFO + 8 * points + _IMAGE_INFO
    if block_length > len(block) or block_length < image_start:
        raise FaceImageError("DG2 face block length overruns the record")
    info = block[image_start - _IMAGE_INFO : image_start]
    image = block[image_start:block_length]
    if info[1] == 0 and image.startswith(_JPEG_SOI):
        mime = "image/jpeg"
    elif info[1] == 1 and image.startswith(_JP2_SIGNATURES):
        mime = "image/jp2"
    else:
        raise FaceImageError("DG2 face image is neither JPEG nor JPEG 2000")
    return FaceImage(mime, int.from_bytes(info[2:4], "big"), int.from_bytes(info[4:6], "big"), image)
