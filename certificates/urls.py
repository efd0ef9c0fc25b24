"""Certificate pages, mounted under /training/certificates/ (public verification is /verify/)."""

from django.urls import path

from certificates import views

urlpatterns = [
    path("", views.my_certificates, name="my-certificates"),
    path("siasn.csv", views.my_certificates_csv, name="my-certificates-csv"),
    path("<int:pk>/download/", views.certificate_download, name="certificate-download"),
    path("<int:pk>/revoke/", views.certificate_revoke_view, name="certificate-revoke"),
    path("<int:pk>/reissue/", views.certificate_reissue_view, name="certificate-reissue"),
    path("<int:pk>/retry/", views.certificate_retry_view, name="certificate-retry"),
    path("offerings/<int:pk>/", views.offering_certificates, name="offering-certificates"),
    path("offerings/<int:pk>/issue/", views.offering_certificates_issue, name="offering-certificates-issue"),
    path("offerings/<int:pk>/zip/", views.offering_certificates_zip, name="offering-certificates-zip"),
    path(
        "offerings/<int:pk>/zip/status/",
        views.offering_certificates_zip_status,
        name="offering-certificates-zip-status",
    ),
    path("offerings/<int:pk>/siasn.csv", views.offering_certificates_csv, name="offering-certificates-csv"),
]
