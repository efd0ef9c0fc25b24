"""Token authentication that also learns, in the same query, whether the user holds a role.

Most API readers are ASN without a role, and what they are shown (the common catalog, for
one) depends only on that: asking it with the token saves a query on every request.
"""

from django.db.models import Exists, OuterRef
from rest_framework import authentication, exceptions
from rest_framework.authentication import _ as drf_gettext

from backend.people.models import RoleAssignment

ROLE_FLAG = "_bangkom_has_role"


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        tokens = self.get_model().objects.select_related("user")
        try:
            token = tokens.annotate(user_has_role=Exists(RoleAssignment.objects.filter(user=OuterRef("user_id")))).get(
                key=key
            )
        except self.get_model().DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(drf_gettext("Invalid token.")) from exc
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(drf_gettext("User inactive or deleted."))
        setattr(token.user, ROLE_FLAG, token.user_has_role)
        return (token.user, token)
