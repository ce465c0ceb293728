"""Office files (DOCX, ODT, ODS, XLSX) made byte-identical from the same input.

The libraries write the current time into the zip entries and the document
properties; the zip is rewritten here with the content's own date, entries sorted
(ODF's `mimetype` first and stored, as the format requires), fixed compression and
permissions, and any creation or modification date in the metadata set to it too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from macros.bundle.archive import FILE_MODE, zip_timestamp

_ODF_MIMETYPE = "mimetype"
_METADATA = ("meta.xml", "docProps/core.xml")
_DATES = re.compile(
    rb"(<(meta:creation-date|dc:date|dcterms:created|dcterms:modified)\b[^>]*>)[^<]*(</\2>)")


def _iso(moment: dt.datetime) -> bytes:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def normalize_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same package, with every date and the entry order fixed."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()
                   if not info.is_dir()}
    stamp = _iso(moment)
    for name in _METADATA:
        if name in members:
            members[name] = _DATES.sub(lambda m: m.group(1) + stamp + m.group(3),
                                       members[name])
    order = sorted(members, key=lambda name: (name != _ODF_MIMETYPE, name))
    buffer = io.BytesIO()
    date_time = zip_timestamp(moment)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            stored = name == _ODF_MIMETYPE
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.create_system = 3
            archive.writestr(info, members[name], compresslevel=None if stored else 9)
    return buffer.getvalue()
