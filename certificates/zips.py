"""An offering's certificates as one ZIP: built in the request for a small class, in the background
for a large one.

The background ZIP keeps no database row: it is a file in the media storage whose name is an
HMAC of the offering, the user who asked and the set of PDFs in it (unguessable, and a new name
once a certificate is issued, revoked or re-issued). A small marker file written after the ZIP
says it is complete and holds the stored name; the page polls until the marker is there. While a
build is queued a cache key says so, for the page to show "being prepared" instead of the button.
"""

import re
import tempfile
import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.crypto import salted_hmac

from certificates.models import Certificate

ZIP_DIRECTORY = "certificate-zips"
# A build that has not finished in this long is taken as lost: the button comes back.
BUILD_FLAG_SECONDS = 30 * 60
# PDFs are compressed already: storing them is as small and much faster than deflating again.
_COMPRESSION = zipfile.ZIP_STORED
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def inline_max() -> int:
    """Classes up to this size get their ZIP in the request; larger ones in the background."""
    return getattr(settings, "CERTIFICATE_ZIP_INLINE_MAX", 50)


def pdf_filename(certificate: Certificate) -> str:
    """``STTP-0001-STTP-BKPSDM-2026.pdf``: the number, with what a file name cannot hold replaced."""
    return f"STTP-{_UNSAFE.sub('-', certificate.number).strip('-')}.pdf"


def zip_filename(offering) -> str:
    return f"STTP-{_UNSAFE.sub('-', offering.code).strip('-')}.zip"


def write_zip(target, certificates: Iterable[Certificate]) -> int:
    """Write each certificate's stored PDF into ``target`` (a binary file); returns how many."""
    used: set[str] = set()
    count = 0
    with zipfile.ZipFile(target, "w", compression=_COMPRESSION) as archive:
        for certificate in certificates:
            name = pdf_filename(certificate)
            if name in used:
                # Two issuers may print the same number; the file names must still differ.
                name = f"{name[:-4]}-{certificate.pk}.pdf"
            used.add(name)
            with certificate.pdf.open("rb") as pdf, archive.open(name, "w") as entry:
                for chunk in pdf.chunks():
                    entry.write(chunk)
            count += 1
    return count


def zip_in_memory(certificates: Iterable[Certificate]):
    """The ZIP of a small class in a temporary file (in memory up to a few MB), rewound for reading."""
    # Handed open to the response, which closes it once sent.
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_zip(buffer, certificates)
    buffer.seek(0)
    return buffer


# --- Built in the background ----------------------------------------------------------------------


def _fingerprint(certificates: Iterable[Certificate]) -> str:
    return ",".join(f"{c.pk}:{c.sha256}" for c in sorted(certificates, key=lambda c: c.pk))


def _base_name(*, offering_id: int, user_id: int, certificates: Iterable[Certificate]) -> str:
    key = f"{offering_id}:{user_id}:{_fingerprint(certificates)}"
    digest = salted_hmac("certificates.zips", key, algorithm="sha256").hexdigest()[:40]
    return f"{ZIP_DIRECTORY}/{offering_id}/{user_id}-{digest}"


def _flag_key(base: str) -> str:
    return f"certificate-zip:{base}"


def zip_stored_name(*, offering_id: int, user_id: int, certificates: Iterable[Certificate]) -> str | None:
    """The stored ZIP of exactly these certificates, when its build has finished."""
    marker = _base_name(offering_id=offering_id, user_id=user_id, certificates=certificates) + ".ready"
    if not default_storage.exists(marker):
        return None
    with default_storage.open(marker, "rb") as handle:
        name = handle.read().decode().strip()
    return name if name and default_storage.exists(name) else None


def zip_building(*, offering_id: int, user_id: int, certificates: Iterable[Certificate]) -> bool:
    base = _base_name(offering_id=offering_id, user_id=user_id, certificates=certificates)
    return bool(cache.get(_flag_key(base)))


def zip_state(*, offering_id: int, user_id: int, certificates: Iterable[Certificate]) -> dict:
    """For the page's ZIP box: ``ready`` (a download link) or ``building`` (keep polling)."""
    certificates = list(certificates)
    ids = {"offering_id": offering_id, "user_id": user_id, "certificates": certificates}
    ready = zip_stored_name(**ids) is not None
    return {"ready": ready, "building": not ready and zip_building(**ids)}


def zip_request(*, offering_id: int, user_id: int, certificates: Iterable[Certificate]) -> None:
    """Queue the build (on commit) unless this ZIP is ready or already being built."""
    from certificates.tasks import build_certificate_zip_task

    certificates = list(certificates)
    if zip_stored_name(offering_id=offering_id, user_id=user_id, certificates=certificates):
        return
    base = _base_name(offering_id=offering_id, user_id=user_id, certificates=certificates)
    if not cache.add(_flag_key(base), True, BUILD_FLAG_SECONDS):
        return
    transaction.on_commit(lambda: build_certificate_zip_task.delay(offering_id, user_id))


def zip_build(*, offering_id: int, user_id: int) -> str | None:
    """Build and store the ZIP of the offering's issued certificates for ``user_id``; returns its
    stored name, or None when the user may no longer read them. Earlier ZIPs of the same user and
    offering are deleted: they hold a set of PDFs that is no longer current."""
    from django.contrib.auth import get_user_model

    from backend.people.access import access_for
    from certificates.selectors_offering import can_read_offering_certificates, offering_issued_certificate_list
    from lms.models import Offering

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    offering = Offering.objects.select_related("owner_unit").filter(pk=offering_id).first()
    # Checked again here: a role may have been withdrawn between the click and the build.
    if user is None or offering is None or not can_read_offering_certificates(access_for(user), offering):
        return None
    certificates = list(offering_issued_certificate_list(offering=offering))
    base = _base_name(offering_id=offering_id, user_id=user_id, certificates=certificates)
    try:
        existing = zip_stored_name(offering_id=offering_id, user_id=user_id, certificates=certificates)
        if existing:
            return existing
        with tempfile.TemporaryFile() as handle:
            write_zip(handle, certificates)
            handle.seek(0)
            stored = default_storage.save(f"{base}.zip", File(handle))
        # A marker left by a build whose ZIP was since removed would make the new one be renamed.
        default_storage.delete(f"{base}.ready")
        default_storage.save(f"{base}.ready", ContentFile(stored.encode()))
        _delete_older(offering_id=offering_id, user_id=user_id, keep=base)
        return stored
    finally:
        cache.delete(_flag_key(base))


def _delete_older(*, offering_id: int, user_id: int, keep: str) -> None:
    directory = f"{ZIP_DIRECTORY}/{offering_id}"
    try:
        _dirs, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return
    keep_prefix = keep.rsplit("/", 1)[-1]
    for name in files:
        if name.startswith(f"{user_id}-") and not name.startswith(keep_prefix):
            default_storage.delete(f"{directory}/{name}")
