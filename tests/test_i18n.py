"""The Indonesian catalogue is complete: every English source string has its translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
SOURCES = ["backend", "lms", "certificates", "templates", "manage.py"]


def _untranslated(path: Path) -> list[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            problems.append(f"empty: {message.id!r}")
    return problems


def test_catalogue_has_no_empty_or_fuzzy_entries():
    assert _untranslated(CATALOGUE) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext) to extract strings")
def test_every_marked_string_is_in_the_catalogue(tmp_path):
    # Extract afresh in a copy of the sources, merging the committed catalogue:
    # a string added in code but missing from the catalogue comes out empty or fuzzy.
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy2(CATALOGUE, tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "id", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path,
        check=True,
    )
    assert _untranslated(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po") == []
