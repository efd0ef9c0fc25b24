from lms.views import attendance, catalog, enrollment, home, ledger

urlpatterns = [
    *catalog.urlpatterns,
    *enrollment.urlpatterns,
    *attendance.urlpatterns,
    *ledger.urlpatterns,
    *home.urlpatterns,
]
