"""Batch notices run by Celery beat: session reminders and the e-mail sweep."""

import datetime
import logging

from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.choices import NotificationKind
from lms.models import Notification
from lms.selectors.enrollment import notification_unsent_ids, session_reminder_list
from lms.services.notifications import notification_email, notification_send

logger = logging.getLogger(__name__)


@transaction.atomic
def session_reminders_send(*, day: datetime.date) -> list[Notification]:
    """Remind every seat holder of each of ``day``'s sessions, once per session and enrollment.

    The dedupe key makes a second run (a retried task, two beat instances) send nothing more.
    """
    sent = []
    for session, enrollment in session_reminder_list(day=day):
        venue = session.venue or session.offering.venue
        notification = notification_send(
            recipient=enrollment.employee.user,
            kind=NotificationKind.REMINDER,
            title=_("Reminder: %(course)s on %(date)s, %(start)s–%(end)s")
            % {
                "course": session.offering.course.title,
                "date": date_format(session.date, "j M"),
                "start": session.starts_at.strftime("%H:%M"),
                "end": session.ends_at.strftime("%H:%M"),
            },
            body=_("%(topic)s on %(date)s, %(start)s–%(end)s at %(venue)s.")
            % {
                "topic": session.topic,
                "date": date_format(session.date, "l, j F Y"),
                "start": session.starts_at.strftime("%H:%M"),
                "end": session.ends_at.strftime("%H:%M"),
                "venue": venue or _("the venue announced by the coordinator"),
            },
            url=reverse("my-training"),
            dedupe_key=f"reminder:{session.pk}:{enrollment.pk}",
        )
        if notification is not None:
            sent.append(notification)
    return sent


def notifications_email_unsent(*, older_than: datetime.timedelta) -> int:
    """E-mail the notifications whose e-mail was never queued or never ran; returns how many went.

    Not one transaction: each e-mail is marked sent in its own, so a failing mail server
    midway keeps what was already sent and the next sweep retries only the rest.
    """
    sent = 0
    for notification_id in notification_unsent_ids(older_than=older_than):
        try:
            if notification_email(notification_id=notification_id) is not None:
                sent += 1
        except OSError:
            logger.warning("notification %s: mail server unreachable, left for the next sweep", notification_id)
            break
    return sent
