from rest_framework.routers import SimpleRouter

from lms.api import attendance, budget, catalog, enrollment, evaluation, impact, ledger, needs, suggestions

router = SimpleRouter()
for slice_module in (catalog, enrollment, attendance, ledger, needs, evaluation, suggestions, impact, budget):
    slice_module.register(router)

urlpatterns: list = []
