from rest_framework.routers import SimpleRouter

from lms.api import attendance, catalog, enrollment, ledger

router = SimpleRouter()
for slice_module in (catalog, enrollment, attendance, ledger):
    slice_module.register(router)

urlpatterns: list = []
