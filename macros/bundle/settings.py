"""Where the site and the sources are published, and the clock bundles use."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from macros.addresses import DEFAULT_REPO_URL, DEFAULT_SITE_URL, shared_file_path


@dataclass(frozen=True)
class PublishSettings:
    """`source_date` overrides every file date (SOURCE_DATE_EPOCH); None: content dates."""

    site_url: str = DEFAULT_SITE_URL
    repo_url: str = DEFAULT_REPO_URL
    source_date: dt.datetime | None = None
    shared_files: bool = False
    """Downloads are published once for every site version, by content, under
    `files/` at the root of the published branch (`addresses.shared_file_path`)."""

    def download_url(self, site_path: str, sha256: str) -> str:
        """The absolute address of a download: in this site, or in the shared files."""
        target = shared_file_path(site_path, sha256) if self.shared_files else site_path
        return f"{self.site_url.rstrip('/')}/{target}"

    @property
    def shared_root(self) -> str | None:
        """The path (from the host) of the site root the shared files are under."""
        return urlsplit(self.site_url).path if self.shared_files else None

    def moment(self, content_date: dt.date) -> dt.datetime:
        """The timestamp of files made from content last changed on `content_date`."""
        if self.source_date is not None:
            return self.source_date
        return dt.datetime(content_date.year, content_date.month, content_date.day,
                           tzinfo=dt.timezone.utc)


def source_date_from_env(environ: dict[str, str] | None = None) -> dt.datetime | None:
    """`SOURCE_DATE_EPOCH` (reproducible-builds.org) as a UTC datetime, if set and valid."""
    value = (environ if environ is not None else dict(os.environ)).get("SOURCE_DATE_EPOCH")
    if not value or not value.strip().isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
