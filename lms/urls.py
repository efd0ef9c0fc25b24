from lms.views import (
    attendance,
    budget,
    budget_effectiveness,
    catalog,
    dashboard,
    enrollment,
    evaluation,
    home,
    ledger,
    needs,
    suggestions,
)

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
    *budget.urlpatterns,
    *budget_effectiveness.urlpatterns,
]
