"""Background work of the training app. Every task takes ids and may run twice safely."""

from celery import shared_task

from lms.services.notifications import notification_email


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_task(notification_id: int) -> bool:
    """E-mail one notification; a repeated run sends nothing."""
    return notification_email(notification_id=notification_id) is not None
