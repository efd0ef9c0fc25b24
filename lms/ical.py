"""iCalendar (RFC 5545) feeds of sessions, written by hand: no dependency for forty lines of text.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text values
are escaped. Times are written in UTC (``…Z``): sessions are stored as local wall-clock times
in ``TIME_ZONE``, converted here, so no VTIMEZONE has to be kept in step with the tz database.

A person's feed lives at a secret URL carrying a signed token, because calendar apps
subscribe without logging in. The token names the employee and is signed with its own salt.
"""

import datetime
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.choices import OfferingStatus
from lms.models import Session

CRLF = "\r\n"
MAX_OCTETS = 75
FEED_SALT = "lms.calendar-feed"
PRODID = "-//Bangkom//Training sessions//ID"


# --- The secret feed address ----------------------------------------------------


def calendar_token(employee_id: int) -> str:
    return signing.dumps({"e": employee_id}, salt=FEED_SALT)


def calendar_token_employee_id(token: str) -> int | None:
    """The employee a feed token was issued for, or None when it was not signed by us."""
    try:
        value = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    employee_id = value.get("e") if isinstance(value, dict) else None
    return employee_id if isinstance(employee_id, int) else None


def calendar_feed_url(employee, *, request=None) -> str:
    """The absolute address a calendar app subscribes to for ``employee``'s sessions (no login needed).

    On a page, the address the user reached the site by; elsewhere (e-mails) ``SITE_URL``.
    """
    path = reverse("my-calendar-feed", args=[calendar_token(employee.pk)])
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL.rstrip('/')}{path}"


# --- RFC 5545 text --------------------------------------------------------------


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, newlines as ``\\n``."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines starting with a space."""
    chunks, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            # The leading space of a continuation counts toward its 75 octets.
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _event(session: Session, *, host: str, site: str, stamp: str) -> list[str]:
    offering = session.offering
    venue = session.venue or offering.venue
    description = [f"{offering.course.title} ({offering.code})"]
    if session.trainer is not None:
        description.append(_("Trainer: %(name)s") % {"name": session.trainer.name})
    url = f"{site}{reverse('offering-detail', args=[offering.pk])}"
    description.append(url)
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(_local(session.date, session.starts_at))}",
        f"DTEND:{_utc(_local(session.date, session.ends_at))}",
        f"SUMMARY:{escape_text(f'{offering.course.title}: {session.topic}')}",
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        f"URL:{url}",
        "STATUS:CANCELLED" if offering.status == OfferingStatus.CANCELLED else "STATUS:CONFIRMED",
    ]
    if venue is not None:
        place = f"{venue.name}, {venue.address}" if venue.address else venue.name
        lines.insert(-2, f"LOCATION:{escape_text(place)}")
    lines.append("END:VEVENT")
    return lines


def sessions_ics(*, name: str, sessions: Iterable[Session], now: datetime.datetime | None = None) -> str:
    """A VCALENDAR with one VEVENT per session (give sessions with offering, course, venue and trainer joined)."""
    site = settings.SITE_URL.rstrip("/")
    host = urlsplit(site).hostname or "bangkom"
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for session in sessions:
        lines.extend(_event(session, host=host, site=site, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
