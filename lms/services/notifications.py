"""In-app notifications, also e-mailed in the background.

A notification is written in the caller's transaction (so it exists exactly when the
change it reports exists) and its e-mail is queued on commit. The e-mail task is
idempotent: it sends only while ``emailed_at`` is empty. If the broker is down when the
transaction commits, the row is still there and ``send_pending_notifications_task``
(Celery beat) sends it later.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from lms.models import Notification

User = get_user_model()


def _queue_email(notification_id: int) -> None:
    from lms.tasks import send_notification_task

    try:
        send_notification_task.delay(notification_id)
    except Exception:
        import logging

        logging.getLogger(__name__).warning("notification %s queued for the next sweep", notification_id)


@transaction.atomic
def notification_send(
    *, recipient, kind: str, title: str, body: str = "", url: str = "", dedupe_key: str
) -> Notification | None:
    """Record a notification for ``recipient`` (a user) unless one with ``dedupe_key`` exists.

    Returns the new notification, or None when it had been sent before or the recipient has
    no login (an employee without a user account only sees it by e-mail from a coordinator).
    """
    if recipient is None:
        return None
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key[:120],
        defaults={"recipient": recipient, "kind": kind, "title": title[:255], "body": body, "url": url[:255]},
    )
    if not created:
        return None
    transaction.on_commit(lambda: _queue_email(notification.pk))
    return notification


@transaction.atomic
def notification_email(*, notification_id: int) -> Notification | None:
    """E-mail one notification; does nothing when it was already sent or there is no address."""
    notification = (
        Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return None
    address = notification.recipient.email or _employee_email(notification.recipient)
    if address:
        link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
        send_mail(
            subject=notification.title,
            message="\n\n".join(part for part in (notification.body, link) if part),
            from_email=None,
            recipient_list=[address],
        )
    # Marked even without an address: there is nothing more to send.
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return notification


def _employee_email(user) -> str:
    employee = getattr(user, "employee", None)
    return getattr(employee, "email", "") or ""


@transaction.atomic
def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when ``notification_ids`` is None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


@dataclass(frozen=True)
class Message:
    recipient: object
    kind: str
    title: str
    body: str
    url: str
    dedupe_key: str


@transaction.atomic
def notification_send_bulk(*, messages: list[Message]) -> list[Notification]:
    """``notification_send`` for many recipients in a constant number of queries.

    Messages without a recipient, or whose dedupe key was used before, are skipped.
    """
    wanted = {m.dedupe_key[:120]: m for m in messages if m.recipient is not None}
    existing = set(Notification.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True))
    new = [
        Notification(
            recipient=m.recipient, kind=m.kind, title=m.title[:255], body=m.body, url=m.url[:255], dedupe_key=key
        )
        for key, m in wanted.items()
        if key not in existing
    ]
    created = Notification.objects.bulk_create(new, batch_size=1000, ignore_conflicts=False)
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: [_queue_email(pk) for pk in ids])
    return created
