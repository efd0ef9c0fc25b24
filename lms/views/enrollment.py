"""Pages of the enrollment slice."""

urlpatterns: list = []
