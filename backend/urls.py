from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.common.health import health
from backend.common.views import favicon

urlpatterns = [
    path("health/", health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    path("", include("backend.people.urls")),
    path("appraisal/", include("backend.appraisal.urls")),
    path("training/certificates/", include("certificates.urls")),
    path("training/", include("lms.urls")),
    path("import/", include("backend.appraisal.imports.urls")),
    path("audit/", include("backend.audit.urls")),
    # The public IKM questionnaire: no login.
    path("ikm/", include("backend.appraisal.public_urls")),
    # Public verification of certificates (the QR code on each links here): no login.
    path("verify/", include("certificates.public_views")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("backend.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# The API answers JSON even where no route matches.
handler404 = "backend.common.api.page_not_found"

# No route serves MEDIA_ROOT, not even with DEBUG on: evidence and certificates are personal and
# are handed out only by views that check who asks (score-evidence-file, activity-evidence,
# certificate-download).
