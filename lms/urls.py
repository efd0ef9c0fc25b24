from lms.views import attendance, catalog, dashboard, enrollment, evaluation, home, ledger, needs, suggestions

urlpatterns = [
    *catalog.urlpatterns,
    *enrollment.urlpatterns,
    *attendance.urlpatterns,
    *ledger.urlpatterns,
    *home.urlpatterns,
    *dashboard.urlpatterns,
    *needs.urlpatterns,
    *evaluation.urlpatterns,
    *suggestions.urlpatterns,
]
