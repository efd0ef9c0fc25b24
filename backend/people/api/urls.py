from django.urls import path
from rest_framework.routers import SimpleRouter

from backend.people.api.views import EmployeeViewSet, OrgUnitViewSet, TokenObtainView, me

router = SimpleRouter()
router.register("employees", EmployeeViewSet, basename="employee")
router.register("org-units", OrgUnitViewSet, basename="org-unit")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("me/", me, name="me"),
]
