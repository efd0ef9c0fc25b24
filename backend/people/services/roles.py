"""Logins and roles, and the notice sent when a role is granted."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record
from backend.people.choices import Role
from backend.people.models import OrgUnit, RoleAssignment

User = get_user_model()


@transaction.atomic
def user_create(*, actor, username: str, password: str, email: str = "", is_superuser: bool = False) -> User:
    user = User(username=username, email=email, is_superuser=is_superuser, is_staff=is_superuser)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(obj=user, action=AuditEntry.Action.CREATE, actor=actor, changes={"username": [None, username]})
    return user


@transaction.atomic
def role_grant(*, actor, user, role: str, org_unit: OrgUnit | None = None, notify: bool = True) -> RoleAssignment:
    """Grant ``role``; with ``notify`` the grantee is e-mailed once the grant commits."""
    from backend.people.tasks import send_role_notice_task

    assignment = RoleAssignment(user=user, role=role, org_unit=org_unit, granted_by=actor if actor else None)
    assignment.full_clean()
    assignment.save()
    if role == Role.ADMINISTRATOR and not user.is_staff:
        # Administrators work in the Django admin too.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(
        obj=assignment,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes={"role": [None, role], "org_unit": [None, org_unit.pk if org_unit else None]},
    )
    if notify:
        transaction.on_commit(lambda: send_role_notice_task.delay(assignment.pk))
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment, reason: str = "") -> None:
    audit_record(
        obj=assignment,
        action=AuditEntry.Action.DELETE,
        actor=actor,
        changes={"role": [assignment.role, None]},
        reason=reason,
    )
    assignment.delete()


@transaction.atomic
def role_assignment_notify(*, assignment_id: int) -> RoleAssignment | None:
    """Tell the grantee by e-mail, once. Returns None when there is nothing to do.

    Mail is sent inside the row lock and before ``notified_at`` is stored, so a
    failed send leaves the assignment un-notified for the task's retry, and a
    repeated task finds it done.
    """
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("user", "org_unit")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None or assignment.notified_at is not None:
        return None
    if assignment.user.email:
        scope = assignment.org_unit.name if assignment.org_unit_id else _("the whole regency")
        send_mail(
            subject=_("Bangkom: you are now %(role)s") % {"role": assignment.get_role_display()},
            message=_("You have been granted the role %(role)s (%(scope)s) in Bangkom.")
            % {"role": assignment.get_role_display(), "scope": scope},
            from_email=None,
            recipient_list=[assignment.user.email],
        )
    assignment.notified_at = timezone.now()
    assignment.save(update_fields=["notified_at"])
    audit_record(
        obj=assignment,
        action=AuditEntry.Action.UPDATE,
        changes={"notified_at": [None, assignment.notified_at.isoformat()]},
    )
    return assignment


def login_records_prune(*, age_days: int | None = None) -> int:
    """Delete the login access records (django-axes) older than ``age_days`` (the setting by default).

    Every successful login writes one; kept forever they would grow without bound and hold
    who logged in from where longer than a security review needs. Returns how many went.
    """
    from axes.handlers.proxy import AxesProxyHandler

    days = settings.LOGIN_RECORD_RETENTION_DAYS if age_days is None else age_days
    return AxesProxyHandler.reset_logs(age_days=days)
