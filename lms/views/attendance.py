"""Pages of the attendance slice."""

urlpatterns: list = []
