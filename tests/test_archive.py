"""Zips put together from members compressed beforehand (the offline copies, remade at
every change) are byte for byte the zips `write_zip` makes of the same members."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.built.offline import DEFLATED_KIND, deflated_members
from macros.bundle.archive import BEST, QUICK, assemble_zip, deflate, write_zip
from macros.cache import ContentCache

NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=1, max_size=40)
MEMBERS = st.dictionaries(NAMES, st.binary(max_size=3000) | st.text().map(str.encode),
                          max_size=12)
MOMENTS = st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1),
                       timezones=st.just(dt.timezone.utc))


@settings(max_examples=150, deadline=None, database=None)
@given(MEMBERS, MOMENTS, st.sampled_from([QUICK, BEST]))
def test_an_assembled_zip_is_the_zip_write_zip_makes(members: dict[str, bytes],
                                                     moment: dt.datetime, level: int) -> None:
    assembled = assemble_zip({name: deflate(data, level) for name, data in members.items()},
                             moment)
    assert assembled == write_zip(members, moment, level)
    with zipfile.ZipFile(io.BytesIO(assembled)) as opened:
        assert opened.testzip() is None
        assert {name: opened.read(name) for name in opened.namelist()} == members


def test_only_the_members_that_changed_are_compressed_again(tmp_path: Path) -> None:
    moment = dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)
    members = {f"reproduce-kit-fr/plans/p{i}/index.html": f"<p>plan {i}</p>".encode() * 400
               for i in range(20)}
    members["reproduce-kit-fr/assets/shared.css"] = b"body{color:teal}" * 1000
    store = ContentCache(tmp_path / "objects")
    first = assemble_zip(deflated_members(members, store), moment)
    assert store.made[DEFLATED_KIND] == len(members)

    members["reproduce-kit-fr/plans/p3/index.html"] = b"<p>plan 3, edited</p>" * 400
    again = ContentCache(tmp_path / "objects")
    second = assemble_zip(deflated_members(members, again), moment)
    assert again.made[DEFLATED_KIND] == 1
    assert second == write_zip(members, moment, QUICK) != first


def test_a_damaged_compressed_member_is_compressed_again(tmp_path: Path) -> None:
    moment = dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)
    members = {"reproduce-kit-nl/index.html": b"<h1>Welkom</h1>" * 300}
    deflated_members(members, ContentCache(tmp_path / "objects"))
    for stored in (tmp_path / "objects" / DEFLATED_KIND).rglob("*"):
        if stored.is_file():
            stored.write_bytes(stored.read_bytes()[:-5])
    store = ContentCache(tmp_path / "objects")
    assert assemble_zip(deflated_members(members, store), moment) == \
        write_zip(members, moment, QUICK)
    assert store.made[DEFLATED_KIND] == 1


def test_a_member_too_large_for_a_zip_without_zip64_is_refused() -> None:
    from macros.bundle.archive import ArchiveTooLarge, Deflated

    with pytest.raises(ArchiveTooLarge):
        assemble_zip({"huge.bin": Deflated(0, 1 << 32, b"")},
                     dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
