from celery import shared_task

from backend.people.services import role_assignment_notify


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_role_notice_task(assignment_id: int) -> bool:
    """E-mail a user about a role granted to them; repeated runs send nothing."""
    return role_assignment_notify(assignment_id=assignment_id) is not None
