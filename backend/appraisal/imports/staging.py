"""Keep a previewed file until its owner confirms the import, so they need not choose it again.

Files live under ``MEDIA_ROOT/imports/<user id>/<kind>/`` (shared by every web
replica, like evidence files) and are named by an unguessable token. Confirming
*claims* the file by renaming it, which the filesystem does atomically: a double
click or two tabs cannot import the same file twice. Files left unconfirmed are
swept after a day.
"""

import datetime
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename

MAX_AGE = datetime.timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class StagedFile:
    data: bytes
    filename: str


def _directory(user, kind: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(user.pk) / kind


def stage(*, user, kind: str, data: bytes, filename: str) -> str:
    """Store ``data`` for ``user`` and return the token that confirms it."""
    directory = _directory(user, kind)
    directory.mkdir(parents=True, exist_ok=True)
    _sweep(directory)
    token = uuid.uuid4().hex
    safe_name = get_valid_filename(Path(filename).name)[:100] or "upload"
    (directory / f"{token}_{safe_name}").write_bytes(data)
    return token


def claim(*, user, kind: str, token: str) -> StagedFile | None:
    """Take the staged file out of the store; ``None`` when it is gone (imported, expired) or not theirs."""
    if not _TOKEN.match(token or ""):
        return None
    directory = _directory(user, kind)
    matches = sorted(directory.glob(f"{token}_*")) if directory.is_dir() else []
    if not matches:
        return None
    path = matches[0]
    claimed = directory / f".claimed-{uuid.uuid4().hex}"
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None  # another request claimed it first
    try:
        return StagedFile(data=claimed.read_bytes(), filename=path.name.removeprefix(f"{token}_"))
    finally:
        claimed.unlink(missing_ok=True)


def _sweep(directory: Path) -> None:
    cutoff = time.time() - MAX_AGE.total_seconds()
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue
