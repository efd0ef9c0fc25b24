"""Every app's API under /api/v1/, in one namespace."""

from backend.appraisal.api.urls import urlpatterns as appraisal_urlpatterns
from backend.people.api.urls import urlpatterns as people_urlpatterns

app_name = "api"
urlpatterns = [*people_urlpatterns, *appraisal_urlpatterns]
