"""Every app's API under /api/v1/, in one namespace, with one browsable root listing them all."""

from rest_framework.routers import DefaultRouter

from backend.appraisal.api.urls import router as appraisal_router
from backend.appraisal.api.urls import urlpatterns as appraisal_urlpatterns
from backend.audit.api import urlpatterns as audit_urlpatterns
from backend.people.api.urls import router as people_router
from backend.people.api.urls import urlpatterns as people_urlpatterns
from certificates.api import router as certificates_router
from lms.api.urls import router as lms_router
from lms.api.urls import urlpatterns as lms_urlpatterns

router = DefaultRouter()
# Formats are negotiated by Accept (or ?format=): the views take no ``format`` argument, and a
# ``.json`` suffix route answered every request with a 500.
router.include_format_suffixes = False
for app_router in (people_router, appraisal_router, lms_router, certificates_router):
    router.registry.extend(app_router.registry)

app_name = "api"
urlpatterns = [*people_urlpatterns, *appraisal_urlpatterns, *lms_urlpatterns, *audit_urlpatterns, *router.urls]
