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
import zipfile
import zlib
from collections.abc import Mapping
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
