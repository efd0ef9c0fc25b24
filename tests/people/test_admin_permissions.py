"""The Administrator role's permissions in the Django admin (backend.people.admin_permissions)."""

import pytest
from django.urls import reverse

from backend.people.access import access_forget
from backend.people.choices import Role
from backend.people.models import RoleAssignment
from backend.people.services import role_grant, role_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    user = UserFactory()
    role_grant(actor=None, user=user, role=Role.ADMINISTRATOR, notify=False)
    user.refresh_from_db()
    return user


def test_an_administrator_manages_bangkoms_models_but_not_users(administrator):
    assert administrator.is_staff
    assert not administrator.is_superuser
    for perm in ("people.change_employee", "lms.add_course", "certificates.change_certificateissuer"):
        assert administrator.has_perm(perm), perm
    assert administrator.has_perm("audit.view_auditentry")
    assert not administrator.has_perm("audit.change_auditentry")
    # Whoever edits users could make themselves a superuser; a person's inbox is theirs.
    assert not administrator.has_perm("auth.change_user")
    assert not administrator.has_perm("lms.view_notification")
    assert administrator.has_module_perms("lms")
    assert not administrator.has_module_perms("auth")


def test_the_admin_answers_an_administrator(client, administrator):
    client.force_login(administrator)

    assert client.get(reverse("admin:certificates_certificateissuer_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_revoking_the_role_takes_the_permissions_with_it(administrator):
    role_revoke(actor=None, assignment=RoleAssignment.objects.get(user=administrator))
    access_forget(administrator)
    administrator = type(administrator).objects.get(pk=administrator.pk)

    assert not administrator.has_perm("lms.add_course")


def test_staff_without_the_role_get_nothing(client):
    staff = UserFactory(is_staff=True)

    assert not staff.has_perm("lms.add_course")
    client.force_login(staff)
    assert client.get(reverse("admin:lms_course_changelist")).status_code == 403
