"""Signed QR check-in codes for a session.

A code names the session and is signed with the site's secret (a dedicated salt, so a
signature made for anything else never passes). With ``Session.rotating_checkin`` it also
carries the time step it was made in: a step lasts ``LMS_CHECKIN_ROTATE_SECONDS`` and a
code stays good for its own step and the next one, so a photo of the screen sent to
someone at home goes stale within two steps while a participant who scanned just before
the change still gets in. Whether the session is open and the person may check in is
the service's business (``attendance_checkin``); this module only makes and reads codes.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone

SALT = "lms.attendance.checkin"
# Why a check-in is refused, as the API reports it (the messages are the service's).
REFUSAL_CODES = ("invalid", "stale", "not_open", "expired", "not_participant", "already_recorded")
_SEPARATOR = "."


class CheckinCodeError(Exception):
    """The code cannot be used: ``code`` is "invalid" (not ours, tampered, damaged) or "stale"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CheckinCode:
    session_id: int
    # The time step the code was made in; None for a session whose code does not rotate.
    step: int | None


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def checkin_step(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return int(now.timestamp()) // max(settings.LMS_CHECKIN_ROTATE_SECONDS, 1)


def checkin_token(session, *, now: datetime.datetime | None = None) -> str:
    """The code to show for ``session`` now (the same all session long unless it rotates)."""
    value = str(session.pk)
    if session.rotating_checkin:
        value = f"{value}{_SEPARATOR}{checkin_step(now)}"
    return _signer().sign(value)


def _unsign(token: str) -> tuple[int, int | None]:
    try:
        value = _signer().unsign(token or "")
    except signing.BadSignature:
        raise CheckinCodeError("invalid") from None
    session_part, _sep, step_part = value.partition(_SEPARATOR)
    if not session_part.isdigit() or (step_part and not step_part.isdigit()):
        raise CheckinCodeError("invalid")
    return int(session_part), int(step_part) if step_part else None


def checkin_token_session_id(token: str) -> int:
    """The session a genuine code names, current or not (to show it before the person confirms)."""
    return _unsign(token)[0]


def checkin_token_read(token: str, *, now: datetime.datetime | None = None) -> CheckinCode:
    """The session a code was made for; raises ``CheckinCodeError`` for a bad or stale code.

    A rotating code is refused here when its step is neither the current nor the previous
    one; that a session which rotates is given a code without a step (made before it was
    switched to rotating) is checked by the caller, which has the session.
    """
    session_id, step = _unsign(token)
    if step is not None and step not in (checkin_step(now), checkin_step(now) - 1):
        raise CheckinCodeError("stale")
    return CheckinCode(session_id=session_id, step=step)


def session_window(session) -> tuple[datetime.datetime, datetime.datetime, datetime.datetime]:
    """(opens, starts, closes) of a session's check-in as aware datetimes.

    Session dates and times are the regency's local time (``TIME_ZONE``, Asia/Jakarta).
    """
    zone = timezone.get_default_timezone()
    starts = timezone.make_aware(datetime.datetime.combine(session.date, session.starts_at), zone)
    ends = timezone.make_aware(datetime.datetime.combine(session.date, session.ends_at), zone)
    grace = datetime.timedelta(minutes=settings.LMS_CHECKIN_GRACE_MINUTES)
    return starts - grace, starts, ends + grace


def refresh_seconds() -> int:
    """How often a screen showing a rotating code fetches a new one: several times per step."""
    return max(settings.LMS_CHECKIN_ROTATE_SECONDS // 4, 2)
