"""Reproducible zip archives and checksum lists.

Same members → byte-identical zip: entries sorted, one fixed timestamp, fixed
permissions, fixed compression level, no directory entries, no extra fields.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import platform
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from macros.cache import files_digest, inputs_digest

ZIP_EPOCH_MIN = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
FILE_MODE = 0o644


def members_digest(members: Mapping[str, bytes], moment: dt.datetime) -> str:
    """The cache key of the zip `write_zip(members, moment)` would make."""
    return files_digest(members, moment.isoformat().encode(), zip_writer())


@functools.cache
def zip_writer() -> bytes:
    """What a zip's bytes depend on besides its members and date, for cache keys: this
    writer, Python's `zipfile` and the zlib that compresses (a new zlib deflates to
    other bytes)."""
    return inputs_digest(Path(__file__).read_bytes(), platform.python_version().encode(),
                         zlib.ZLIB_RUNTIME_VERSION.encode()).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256sums(members: Mapping[str, bytes]) -> bytes:
    """The `sha256sum -c` format: `<hex>  <path>` per line, sorted by path."""
    return "".join(f"{sha256(members[name])}  {name}\n" for name in sorted(members)).encode()


def zip_timestamp(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment.astimezone(dt.timezone.utc), ZIP_EPOCH_MIN)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second - moment.second % 2)


BEST = 9
QUICK = 6
"""For archives remade at every change (the offline copies): a third faster than
`BEST` for 1 % more bytes."""


def write_zip(members: Mapping[str, bytes], moment: dt.datetime, level: int = BEST) -> bytes:
    stamp = zip_timestamp(moment)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.create_system = 3  # Unix, so the permissions above are honoured
            archive.writestr(info, members[name], compresslevel=level)
    return buffer.getvalue()


@dataclass(frozen=True)
class Deflated:
    """A member's bytes as a zip stores them, to be put in another zip without being
    compressed again."""

    crc: int
    size: int
    data: bytes


def deflate(data: bytes, level: int = BEST) -> Deflated:
    """`data` compressed exactly as `write_zip` compresses a member (a raw deflate
    stream at `level`, in one call)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20
_UTF8 = 0x800
_SIZE_LIMIT = (1 << 31) - 1
"""Beyond this a member or the archive needs zip64, which `zipfile` would add; GitHub
Pages refuses a file of 100 MB long before."""


class ArchiveTooLarge(ValueError):
    """A zip assembled from deflated members would need zip64."""


def assemble_zip(members: Mapping[str, Deflated], moment: dt.datetime) -> bytes:
    """The zip `write_zip` makes of the same members at the level they were deflated
    at, byte for byte, from members compressed beforehand: an archive remade at every
    change (the offline copies) compresses only the members that changed."""
    year, month, day, hour, minute, second = zip_timestamp(moment)
    date = (year - 1980) << 9 | month << 5 | day
    time = hour << 11 | minute << 5 | second // 2
    mode = (0o100000 | FILE_MODE) << 16
    out = io.BytesIO()
    central = []
    for name in sorted(members):
        member = members[name]
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8
        offset = out.tell()
        if max(offset, member.size, len(member.data)) > _SIZE_LIMIT:
            raise ArchiveTooLarge(name)
        fields = (flags, zipfile.ZIP_DEFLATED, time, date, member.crc, len(member.data),
                  member.size, len(encoded))
        out.write(_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *fields, 0))
        out.write(encoded)
        out.write(member.data)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, 3, _VERSION, 0, *fields,
                                     0, 0, 0, 0, mode, offset) + encoded)
    start = out.tell()
    directory = b"".join(central)
    if start + len(directory) > _SIZE_LIMIT or len(central) > 0xFFFF:
        raise ArchiveTooLarge("the archive as a whole")
    out.write(directory)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory),
                        start, 0))
    return out.getvalue()
