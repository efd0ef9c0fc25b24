"""Model permissions of the Administrator role in the Django admin.

``role_grant`` makes an administrator staff, so they can sign in to the admin; this backend
gives them what they work with there: every permission on Bangkom's own models (people,
appraisal, training, certificates) and reading the change history. It is derived from the
role, not stored, so revoking the role takes the permissions with it. Django's own tables
(users, groups) stay with superusers: whoever may edit users could make themselves one.
"""

from django.contrib.auth.backends import BaseBackend

from backend.people.access import access_for

MANAGED_APPS = frozenset({"people", "appraisal", "lms", "certificates"})
# History is written by the services; in the admin it is only read.
READ_ONLY_APPS = frozenset({"audit"})
# A person's own inbox is theirs alone, administrators included.
PRIVATE_MODELS = frozenset({("lms", "notification")})


class AdministratorRoleBackend(BaseBackend):
    def _is_administrator(self, user_obj) -> bool:
        return bool(user_obj.is_active and user_obj.is_staff and access_for(user_obj).is_admin)

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        app_label, _dot, codename = perm.partition(".")
        action, _underscore, model = codename.partition("_")
        if (app_label, model) in PRIVATE_MODELS:
            return False
        if app_label in READ_ONLY_APPS and action != "view":
            return False
        return app_label in MANAGED_APPS | READ_ONLY_APPS and self._is_administrator(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return app_label in MANAGED_APPS | READ_ONLY_APPS and self._is_administrator(user_obj)
