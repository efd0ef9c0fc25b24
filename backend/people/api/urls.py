from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from backend.people.api.views import EmployeeViewSet, OrgUnitViewSet, me

router = SimpleRouter()
router.register("employees", EmployeeViewSet, basename="employee")
router.register("org-units", OrgUnitViewSet, basename="org-unit")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="auth-token"),
    path("me/", me, name="me"),
]
