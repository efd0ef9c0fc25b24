"""Pages of the ledger slice."""

urlpatterns: list = []
