from lms.views import attendance, catalog, enrollment, ledger

urlpatterns = [*catalog.urlpatterns, *enrollment.urlpatterns, *attendance.urlpatterns, *ledger.urlpatterns]
