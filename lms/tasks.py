"""Background work of the training app. Every task takes ids and may run twice safely."""

import datetime

from celery import shared_task
from django.utils import timezone

from lms.services.notifications import notification_email
from lms.services.reminders import notifications_email_unsent, session_reminders_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_task(notification_id: int) -> bool:
    """E-mail one notification; a repeated run sends nothing."""
    return notification_email(notification_id=notification_id) is not None


@shared_task
def send_session_reminders_task(day: str | None = None) -> int:
    """Celery beat, each morning: remind the seat holders of tomorrow's sessions (``day`` as ISO date)."""
    when = datetime.date.fromisoformat(day) if day else timezone.localdate() + datetime.timedelta(days=1)
    return len(session_reminders_send(day=when))


@shared_task
def send_pending_notifications_task(older_than_minutes: int = 5) -> int:
    """Celery beat: e-mail notifications still unsent after a while (the broker was down when written)."""
    return notifications_email_unsent(older_than=datetime.timedelta(minutes=older_than_minutes))


@shared_task
def compute_suggestions_task(employee_id: int | None = None, actor_id: int | None = None) -> int:
    """Celery beat, nightly: recompute everyone's course suggestions (or one employee's, on demand,
    asked by the user ``actor_id``, recorded on the run).

    Safe to run twice: a run refreshes the same rows. Returns how many suggestions are open.
    """
    from django.contrib.auth import get_user_model

    from lms.choices import SuggestionTrigger
    from lms.services.suggestions import suggestions_compute

    if employee_id is None:
        run = suggestions_compute(trigger=SuggestionTrigger.NIGHTLY)
    else:
        actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
        run = suggestions_compute(trigger=SuggestionTrigger.ON_DEMAND, actor=actor, employee_ids=[employee_id])
    return 0 if run is None else run.created + run.updated
