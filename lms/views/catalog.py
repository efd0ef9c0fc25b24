"""Pages of the catalog slice."""

urlpatterns: list = []
