from celery import shared_task

from backend.people.services import login_records_prune, role_assignment_notify


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_role_notice_task(assignment_id: int) -> bool:
    """E-mail a user about a role granted to them; repeated runs send nothing."""
    return role_assignment_notify(assignment_id=assignment_id) is not None


@shared_task
def prune_login_records_task() -> int:
    """Celery beat, nightly: forget successful-login records older than LOGIN_RECORD_RETENTION_DAYS."""
    return login_records_prune()
