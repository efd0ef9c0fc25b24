"""What a locked-out login is told (django-axes): a page for people, JSON for API clients.

Axes counts failed logins per username and client address (settings: ``AXES_*``); once the
limit is reached, that pair is refused until the cool-off has passed since its last counted
failure. This module only answers: how long is left, and whom to ask.
"""

import datetime
import math
from dataclasses import dataclass

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

TEMPLATE = "registration/lockout.html"


@dataclass(frozen=True)
class Lockout:
    until: datetime.datetime
    minutes: int
    contact: str

    @property
    def seconds(self) -> int:
        return max(0, math.ceil((self.until - timezone.now()).total_seconds()))

    @property
    def message(self) -> str:
        return ngettext(
            "Too many failed logins for this username from your network. You can try again in "
            "%(minutes)s minute, at %(time)s. If you have forgotten your password, contact %(contact)s.",
            "Too many failed logins for this username from your network. You can try again in "
            "%(minutes)s minutes, at %(time)s. If you have forgotten your password, contact %(contact)s.",
            self.minutes,
        ) % {
            "minutes": self.minutes,
            "time": timezone.localtime(self.until).strftime("%H:%M"),
            "contact": self.contact,
        }


def lockout_get(request, credentials: dict | None = None) -> Lockout:
    """When the locked username and address may try again: the cool-off after their last counted failure."""
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    username = get_client_username(request, credentials)
    last = AccessAttempt.objects.filter(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    ).aggregate(last=Max("attempt_time"))["last"]
    until = (last or timezone.now()) + cool_off
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    contact = settings.LOGIN_HELP_CONTACT or _("your agency's HR administrator (BKPSDM)")
    return Lockout(until=until, minutes=minutes, contact=contact)


def wants_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return (
        request.path.startswith("/api/")
        or request.META.get("HTTP_X_REQUESTED_WITH") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


def lockout_json(request, credentials: dict | None = None) -> JsonResponse:
    lockout = lockout_get(request, credentials)
    response = JsonResponse(
        {
            "detail": lockout.message,
            "code": "locked_out",
            "retry_after_seconds": lockout.seconds,
            "retry_at": lockout.until.isoformat(),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(lockout.seconds)
    return response


def lockout_response(request, original_response=None, credentials: dict | None = None):
    """``AXES_LOCKOUT_CALLABLE``: the login page's place is taken by the lockout page (429)."""
    if wants_json(request):
        return lockout_json(request, credentials)
    lockout = lockout_get(request, credentials)
    response = render(
        request, TEMPLATE, {"lockout": lockout, "login_url": request.path}, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    response["Retry-After"] = str(lockout.seconds)
    return response
